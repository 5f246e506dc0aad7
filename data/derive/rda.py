"""Reading an R data file (.rda) of the peacesciencer package: needs pyreadr (the `derive` extra in
pyproject.toml), which the book's build never imports."""


def read_rda(path):
    import pyreadr  # the derive extra

    frames = pyreadr.read_r(str(path))
    return next(iter(frames.values()))
