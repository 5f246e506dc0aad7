"""The one map base of the book: country outlines of north-east and central Asia, drawn by Altair's ``geoshape``.

The outlines are Natural Earth's 1:50m countries (public domain) as TopoJSON, from the npm package
``world-atlas`` 2.0.2 (ISC licence), installed by ``bin/book`` under ``book/_geodata`` (pinned by its
``package-lock.json``). The TopoJSON is decoded here, cut to the extent of the map and rounded to 0.01 degree, and
passed to the chart inline as GeoJSON: the page needs no tiles and no network, and stays light.

    base = sinorus.maps.basemap(sinorus.maps.BORDER)        # an Altair layer of country shapes
    line = sinorus.maps.boundary("China", "Russia")         # the China-Russia boundary as drawn by Natural Earth
    chart = alt.layer(base, line, points).properties(height=360).project(**sinorus.maps.projection(BORDER))
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import altair as alt

from . import paths
from .palette import colour

#: Where ``bin/book`` installs the geodata package (``npm ci --prefix book/_geodata``).
PACKAGE_DIR = paths.root() / "book" / "_geodata" / "node_modules" / "world-atlas"
COUNTRIES_FILE = PACKAGE_DIR / "countries-50m.json"

#: What the maps say about their base (for figure source lines and the provenance pages).
CREDIT = (
    "country outlines: Natural Earth 1:50m (public domain), from the npm package world-atlas 2.0.2 "
    "(ISC licence); boundaries as Natural Earth draws them, not as any treaty describes them"
)

#: Map extents as (west, south, east, north) in degrees.
BORDER = (72.0, 36.0, 142.0, 58.0)  # the whole China-Russia border, with Mongolia and Kazakhstan
EAST = (112.0, 41.0, 142.0, 55.0)  # the Argun, Amur and Ussuri sector

#: Colours from the book's theme: the two states in light tints, the others paler still, water white.
CHINA_FILL, RUSSIA_FILL, OTHER_FILL = colour("china_fill"), colour("russia_fill"), colour("other_fill")
OUTLINE = colour("gap")
BOUNDARY = colour("red_dark")  # the China-Russia boundary line
INK = colour("ink")


class GeodataMissing(FileNotFoundError):
    """The geodata package is not installed (run ``bin/book setup``)."""


@lru_cache(maxsize=1)
def topology(path: Path | None = None) -> dict:
    path = Path(path or COUNTRIES_FILE)
    if not path.is_file():
        raise GeodataMissing(f"{path}: the map base is missing; run 'bin/book setup' (npm ci in book/_geodata)")
    return json.loads(path.read_text(encoding="utf-8"))


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs in longitude/latitude (delta-decoded and de-quantised)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(arcs, indices) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in indices:
        seg = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(seg if not pts else seg[1:])
    return pts


def _geometries(topo: dict) -> dict[str, dict]:
    return {g["properties"]["name"]: g for g in topo["objects"]["countries"]["geometries"]}


def _polygons(geom: dict) -> list[list[list[int]]]:
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def _clip(ring, extent):
    """Sutherland-Hodgman: the part of a ring inside a longitude/latitude rectangle (keeps its winding)."""
    w, s, e, n = extent
    edges = [
        (lambda p: p[0] >= w, lambda a, b: (w, a[1] + (b[1] - a[1]) * (w - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= e, lambda a, b: (e, a[1] + (b[1] - a[1]) * (e - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= s, lambda a, b: (a[0] + (b[0] - a[0]) * (s - a[1]) / (b[1] - a[1]), s)),
        (lambda p: p[1] <= n, lambda a, b: (a[0] + (b[0] - a[0]) * (n - a[1]) / (b[1] - a[1]), n)),
    ]
    pts = list(ring)
    for inside, cut in edges:
        if not pts:
            break
        out = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
        pts = out
    return pts


def _dense(pts, step=1.0):
    """Extra vertices on long straight edges (the clip edges), so the projection draws them as parallels and
    meridians rather than great circles."""
    out = []
    for a, b in zip(pts, pts[1:] + pts[:1]):
        out.append(a)
        k = int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / step)
        out.extend((a[0] + (b[0] - a[0]) * i / (k + 1), a[1] + (b[1] - a[1]) * i / (k + 1)) for i in range(1, k + 1))
    return out


def _round(pts, nd=2):
    out = []
    for x, y in pts:
        p = [round(x, nd), round(y, nd)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def countries(extent=BORDER) -> list[dict]:
    """GeoJSON features of every country with land inside ``extent``, cut to it (properties: ``name``)."""
    topo = topology()
    arcs = _arcs(topo)
    feats = []
    for name, geom in sorted(_geometries(topo).items()):
        polys = []
        for poly in _polygons(geom):
            rings = []
            for k, idx in enumerate(poly):
                ring = _clip(_ring(arcs, idx), extent)
                if len(ring) < 3:
                    if k == 0:
                        break  # the exterior is outside the extent: drop the polygon with its holes
                    continue
                ring = _round(_dense(ring))
                if len(ring) >= 3:
                    rings.append(ring + [ring[0]])
            if rings:
                polys.append(rings)
        if polys:
            feats.append(
                {
                    "type": "Feature",
                    "properties": {"name": name},
                    "geometry": {"type": "MultiPolygon", "coordinates": polys},
                }
            )
    return feats


def boundary_arcs(a: str, b: str) -> list[list[list[float]]]:
    """The arcs two countries share in the topology: their common boundary as Natural Earth draws it."""
    topo = topology()
    geoms = _geometries(topo)

    def used(name):
        return {i if i >= 0 else ~i for poly in _polygons(geoms[name]) for ring in poly for i in ring}

    arcs = _arcs(topo)
    return [_round(arcs[i], 3) for i in sorted(used(a) & used(b))]


def boundary(
    a: str = "China", b: str = "Russia", extent=BORDER, *, color: str = BOUNDARY, width: float = 2.2
) -> alt.Chart:
    """A layer drawing the boundary between two countries inside ``extent``."""
    w, s, e, n = extent
    lines = []
    for arc in boundary_arcs(a, b):
        run = []
        for x, y in arc:
            if w <= x <= e and s <= y <= n:
                run.append([x, y])
            else:
                if len(run) > 1:
                    lines.append(run)
                run = []
        if len(run) > 1:
            lines.append(run)
    feat = {
        "type": "Feature",
        "properties": {"name": f"{a}-{b} boundary"},
        "geometry": {"type": "MultiLineString", "coordinates": lines},
    }
    # the tooltip names the line, and gives the drawn shape the accessible name screen readers need
    return (
        alt.Chart(alt.Data(values=[feat]))
        .mark_geoshape(filled=False, stroke=color, strokeWidth=width)
        .encode(tooltip=alt.Tooltip("properties.name:N", title="Line"))
    )


def basemap(extent=BORDER) -> alt.Chart:
    """The map base: country shapes inside ``extent``, China and Russia tinted, with the countries' names for
    tooltips. Combine with other layers and :func:`projection`."""
    tint = (
        f"datum.properties.name == 'China' ? '{CHINA_FILL}' : "
        f"datum.properties.name == 'Russia' ? '{RUSSIA_FILL}' : '{OTHER_FILL}'"
    )
    return (
        alt.Chart(alt.Data(values=countries(extent)))
        .transform_calculate(tint=tint)
        .mark_geoshape(stroke=OUTLINE, strokeWidth=0.5)
        .encode(
            fill=alt.Fill("tint:N", scale=None, legend=None), tooltip=alt.Tooltip("properties.name:N", title="Country")
        )
    )


def projection(extent=BORDER) -> dict:
    """Keyword arguments for ``chart.project(...)``: Mercator, in which the extent (cut along parallels and
    meridians) is a rectangle that fills the figure; Vega-Lite fits it to the layers' shapes. Between 36 and 58
    degrees north the distortion of areas is moderate and of no consequence for maps of places."""
    return {"type": "mercator"}


def box(lon_min: float, lat_min: float, lon_max: float, lat_max: float, **props) -> dict:
    """A GeoJSON rectangle (clockwise, as d3-geo expects of an exterior ring), for a place given as a range."""
    ring = [[lon_min, lat_min], [lon_min, lat_max], [lon_max, lat_max], [lon_max, lat_min], [lon_min, lat_min]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
