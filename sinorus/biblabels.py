"""The bibliography as the reader sees it: each work's author-year label ("Maxwell 2007", "TASS 2024a"), the book's
order of the works, fields' LaTeX as plain text, and the order of a person's names (Zhou Enlai, Neville Maxwell).
The bibliography's style (sinorus.sphinx.bibstyle) and the figures' source lines (sinorus.cite_labels) both use it,
so a work has one label everywhere."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from . import bib, paths


def _cache_plugin_lookups() -> None:
    """Remember pybtex's plugin lookups. pybtex finds a plugin (a backend, a style) by scanning every installed
    package's entry points, on every call: sphinxcontrib-bibtex asks once per citation, which cost the build about a
    sixth of its time. The installed packages do not change while a process runs, so each answer is kept."""
    import pybtex.plugin as plugin

    if getattr(plugin.entry_points, "sinorus_cached", False):
        return
    scan = plugin.entry_points

    @cache
    def lookup(query: tuple):
        return scan(**dict(query))

    def entry_points(**query):
        return lookup(tuple(sorted(query.items())))

    entry_points.sinorus_cached = True
    plugin.entry_points = entry_points


_cache_plugin_lookups()


# ------------------------------------------------------------------------------------------------- labels
def _who(entry) -> str:
    """The author part of a label: "Maxwell", "Lukin and Yakunin", "Li et al.", or the organisation."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        return plain(entry.fields.get("organization", entry.key))
    names = [plain(" ".join(p.last_names) or " ".join(p.first_names)) for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def author_year_labels(sorted_entries) -> list[str]:
    """The labels of entries in bibliography order: "Maxwell 2007", "TASS 2024a", "TASS 2024b", "Xinhua n.d.".
    Entries with the same author part and year get a, b, c... in that order. The one label function: the
    bibliography (sinorus.sphinx.bibstyle) and figure source lines (:func:`labels`, sinorus.cite_labels) both use it."""
    from collections import Counter

    entries = list(sorted_entries)
    base = [f"{_who(e)} {e.fields.get('year', 'n.d.')}" for e in entries]
    counts, seen, out = Counter(base), Counter(), []
    for label in base:
        if counts[label] > 1:
            seen[label] += 1
            out.append(label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1])
        else:
            out.append(label)
    return out


def fold(text: str) -> str:
    """A name or title as it sorts: plain text (no braces or LaTeX), accents folded, lower case."""
    import unicodedata

    text = plain(text) if re.search(r"[\\{}$%&#~^_]", text) else text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


@lru_cache(maxsize=1)
def book_sorting():
    """The bibliography's order (a pybtex sorting style): one alphabet for people and organisations, names compared
    as a reader sees them (no braces or LaTeX, accents folded: "{Xinhua}" under X, "Dikötter" under D); an entry
    with editors but no author under its editors, whatever its type; one author's works by year, then title."""
    from pybtex.style.sorting.author_year_title import SortingStyle

    class BookSorting(SortingStyle):
        def sorting_key(self, entry):
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            families = "   ".join(fold(" ".join(p.last_names)) for p in people)
            if not people:
                families = fold(entry.fields.get("organization", entry.key))
            return (families, entry.fields.get("year", ""), self.persons_key(people), entry.fields.get("title", ""))

        def person_key(self, person):
            return "  ".join(
                fold(" ".join(part))
                for part in (
                    person.prelast_names + person.last_names,
                    person.first_names + person.middle_names,
                    person.lineage_names,
                )
            )

    return BookSorting


def sorted_entries(base: Path | None = None) -> list:
    """Every entry in the order of the book's bibliography (see :func:`book_sorting`), as it lists them all."""
    return book_sorting()().sort(list(bib.entries(base).entries.values()))


def labels(base: Path | None = None) -> dict[str, str]:
    """Key -> the label the bibliography prints for it."""
    path = paths.bibfile(base)
    return dict(_labels(str(path), path.stat().st_mtime if path.exists() else 0.0, base))


@lru_cache(maxsize=8)
def _labels(path: str, mtime: float, base: Path | None) -> tuple[tuple[str, str], ...]:
    from .data import store

    def compute() -> tuple[tuple[str, str], ...]:
        ordered = sorted_entries(base)
        return tuple(zip((e.key for e in ordered), author_year_labels(ordered)))

    # parsing and sorting the whole bibliography takes a second or two: every chapter that shows a source would pay
    # it, so the labels are kept in the data store under a hash of the bibliography and of the code that reads it
    return store.remember("bib-labels", [Path(path), Path(bib.__file__), Path(__file__)], compute, base)


# ------------------------------------------------------------------------------------------------- LaTeX in fields
#: The characters references.bib escapes with a backslash because BibTeX/LaTeX would read them as commands:
#: ``\$`` ``\&`` ``\%`` ``\#`` ``\_``. latexcodec leaves some of them escaped (``\$40b``): the book decodes them
#: itself, so no reader ever sees a backslash.
ESCAPED = re.compile(r"\\([$&%#_])")


def decode_latex(latex: str, decode=None):
    """A field's LaTeX as pybtex rich text, with escaped characters as the characters themselves. They stand in
    for themselves as private-use characters while latexcodec reads the rest, and are put back in the result."""
    from pybtex import richtext

    decode = decode or richtext.Text.from_latex
    if not ESCAPED.search(latex):
        return decode(latex)
    marked = ESCAPED.sub(lambda m: _MARKS[m.group(1)], latex)
    return decode(marked).map(_unmark)


def _unmark(part):
    from pybtex import richtext

    if isinstance(part, str):
        return part.translate(_UNMARK)
    if isinstance(part, richtext.String):
        return richtext.String(part.value.translate(_UNMARK))
    return part


_MARKS = {c: chr(0xE000 + i) for i, c in enumerate("$&%#_")}
_UNMARK = str.maketrans({v: k for k, v in _MARKS.items()})


@lru_cache(maxsize=4096)
def plain(latex: str) -> str:
    """A field's LaTeX as the plain text a reader sees: "{Oil \\& Gas Journal}" -> "Oil & Gas Journal"."""
    from pybtex import richtext

    full = getattr(richtext.Text.from_latex, "full", None)
    return decode_latex(latex, full).render_as("text")  # a cheap lookup: see _cache_plugin_lookups


# ------------------------------------------------------------------------------------------------- name order
#: The syllables of Hanyu Pinyin (without tones): a name made only of these is romanised Chinese.
PINYIN = set(
    """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha
chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui
cun cuo da dai dan dang dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa
fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai
han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu
ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei
leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lv lve ma mai man mang mao mei men meng mi mian
miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu
nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie
qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen
seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su
suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen
weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu
yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua
zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split()
)
#: An entry may decide for all its people: ``nameorder = {family-first}`` or ``nameorder = {given-first}``.
NAME_ORDER_FIELD = "nameorder"


def _syllables(word: str, most: int) -> bool:
    """Whether ``word`` splits into at most ``most`` Pinyin syllables ("Enlai" -> en+lai, "Qichen" -> qi+chen)."""
    word = word.lower()
    if not word:
        return False
    if most == 0:
        return False
    return any(
        word[:n] in PINYIN and (n == len(word) or _syllables(word[n:], most - 1))
        for n in range(min(6, len(word)), 0, -1)
    )


def is_pinyin_name(person) -> bool:
    """A person whose family name is one Pinyin syllable (or two, as Ouyang) and whose given name is one or two
    (as written in the book's sources, "Enlai Zhou", "Qichen Qian", "Jian Chen")."""
    last = [plain(n) for n in person.prelast_names + person.last_names]
    given = [plain(n) for n in person.first_names + person.middle_names]
    if len(last) != 1 or len(given) != 1 or "." in given[0]:
        return False
    words = re.split(r"[-']", given[0])
    return _syllables(last[0], 2) and len(words) <= 2 and all(_syllables(w, 2 // len(words)) for w in words)


def family_name_first(person, entry=None) -> bool:
    """The book's rule for the order of a person's names in the bibliography: East Asian names with the family
    name first (Zhou Enlai, Qian Qichen, Chen Jian), as the prose writes them. An entry's ``nameorder`` field
    decides for all its people; otherwise a name written in Hanyu Pinyin (see :func:`is_pinyin_name`) is put family
    name first and every other name given name first. Korean and Japanese names, and Chinese names in other
    romanisations (Chien-peng Chung), keep the order their authors publish them in unless the entry says
    ``nameorder = {family-first}``."""
    if entry is not None:
        order = entry.fields.get(NAME_ORDER_FIELD, "").strip().lower()
        if order in ("family-first", "given-first"):
            return order == "family-first"
    return is_pinyin_name(person)
