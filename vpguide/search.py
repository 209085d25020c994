"""The site's search: what each entry of the generator's index is also found by.

The pages decide what is indexed: a measure is found once, on the combined checklist, where it lists every
service type it applies to; the service types' checklists and the principles' official text repeated on them
are left out (`data-search-exclude`, in the templates). On the combined checklist a measure's full text (how,
the notes for each service type, the evidence to keep, the references) is loaded by the page's script, so the
index would not see it: the renderer writes it, with the glossary's names for each term, to
`search-keywords.json` beside the generators' source (`keywords`), and the finishing step puts it in
Material's index (`improve_site`), in fields of the site's own that are searched and never shown (mkdocs.yml):
`keywords`, with a measure's full text and the other names of the glossary terms an entry's text names, and
`aliases`, weighed like a title, with the other names of the terms its title names. "E2EE" then finds what
says "end-to-end encryption", first where the title says it, and "CSAM" what says "child sexual abuse
material".

Material's search worker splits a query into terms with lunr's default separator, whitespace and hyphens,
whatever mkdocs.yml configures: lunr copies its separator into its query lexer when it loads, before Material
sets the configured one, so "P1-02" would be searched as "P1" and "02" (and found in P10-02 and P11-02 as
well). The finishing step adds one statement to the worker (`patch_worker`): the query lexer separates terms
at whitespace only, and Material's own query handling then splits each term with the configured separator,
as the index was split, so a measure id stays one term.

Zensical writes an index of its own (search.json) and ships another search, which the finishing step leaves as
they are: there a measure is found by what its entry shows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from . import addresses as a
from .site import Site

KEYWORDS_FILE = "search-keywords.json"
# A measure counts three times as much as another entry with the same words: the measures are what the
# site's visitors search for most, and each is in the index once.
MEASURE_BOOST = 3
FORMAT = "vp-search-keywords"
# Material's index, from the site's root.
MATERIAL_INDEX = "search/search_index.json"


def plain(html: str) -> str:
    """The text of some HTML, its whitespace collapsed."""
    if not html:
        return ""
    tree = LexborHTMLParser(f"<body>{html}</body>")
    return " ".join((tree.body.text(separator=" ") if tree.body else "").split())


def keywords(site: Site, details: dict[str, str]) -> str:
    """`search-keywords.json`: for each measure, at its address in the index, its service types' names and
    the text of its full details (`details`: measure id -> HTML); the glossary's names for each term."""
    model = site.model
    measures = {}
    for m in model.measures:
        location = a.page_path(a.COMBINED_CHECKLIST) + "#" + m.id
        names = [model.service_type(s).name for s in m.service_types]
        measures[location] = " ".join([*names, plain(details.get(m.id, ""))])
    names = [[t.term, *([t.expansion] if t.expansion else []), *t.synonyms] for t in model.glossary]
    # The main measure of a term (the glossary's first) is found first by the term's names.
    terms: dict[str, list[str]] = {}
    for t, term_names in zip(model.glossary, names, strict=True):
        if t.measures:
            terms.setdefault(a.page_path(a.COMBINED_CHECKLIST) + "#" + t.measures[0], []).extend(term_names)
    data = {"format": FORMAT, "measures": measures, "names": names, "terms": terms}
    return json.dumps(data, ensure_ascii=False, indent=1)


def _mentions(text: str, name: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(name.lower()) + r"(?![\w-])", text) is not None


def improve(index: dict, data: dict) -> dict:
    """Material's index (`search/search_index.json`) with each entry's `keywords`: a measure's full text, and
    for every glossary term the entry names, the term's other names."""
    for entry in index.get("docs", []):
        location = entry.get("location", "")
        full_text = data["measures"].get(location, "")
        title = plain(entry.get("title", "")).lower()
        shown = " ".join([title, plain(entry.get("text", "")).lower()])
        text = f"{shown} {full_text.lower()}"
        words, aliases = [full_text], []
        for names in data["names"]:
            if any(_mentions(title, name) for name in names):
                aliases += [name for name in names if not _mentions(title, name)]
            elif any(_mentions(text, name) for name in names):
                words += [name for name in names if not _mentions(text, name)]
        for field, value in (
            ("aliases", _new_words(" ".join(aliases), title)),
            ("keywords", _new_words(" ".join(words), shown)),
        ):
            if value:
                entry[field] = value
        if location in data["terms"]:
            entry["terms"] = " ".join(data["terms"][location])
        if full_text:
            entry["boost"] = MEASURE_BOOST
    return index


# What the index splits words at, near enough (mkdocs.yml, plugins.search.separator):
# for keeping each word once.
_WORD_EDGES = re.compile(r"[\s,;:!?=()\[\]\"/·|]+|-(?![0-9])|\.(?![0-9])")


def _new_words(words: str, text: str) -> str:
    """The words of `words`, each once, that `text` (lower case) does not have already: the index needs a word
    once to find the entry by it."""
    seen = set(w for w in _WORD_EDGES.split(text) if w)
    out = []
    for word in _WORD_EDGES.split(words):
        key = word.lower()
        if key and key not in seen:
            seen.add(key)
            out.append(word)
    return " ".join(out)


# Material's search worker, from the site's root, and what the finishing step adds to it.
MATERIAL_WORKERS = "assets/javascripts/workers"
WORKER_PATCH = ";self.lunr.QueryLexer.termSeparator=/\\s/;\n"
_SOURCE_MAP = "//# sourceMappingURL="


def patch_worker(site_dir: Path) -> list[str]:
    """Let Material's search worker split a query into terms at whitespace only (see the module's notes).
    The problems, if any: the worker no longer has lunr's query lexer, so the theme changed and this needs a
    look."""
    problems = []
    for worker in sorted((Path(site_dir) / MATERIAL_WORKERS).glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        if WORKER_PATCH in text:
            continue
        if "QueryLexer.termSeparator=" not in text or "self.lunr=" not in text:
            problems.append(f"{worker.name}: the theme's search worker has no lunr query lexer to adjust")
            continue
        at = text.rfind(_SOURCE_MAP)
        at = len(text) if at < 0 else at
        worker.write_text(text[:at] + WORKER_PATCH + text[at:], encoding="utf-8")
    return problems


def improve_site(site_dir: Path, keywords_file: Path) -> list[str]:
    """Put the keywords of `keywords_file` in the built site's Material index and adjust its search worker.
    The problems, if any: none when the site has no Material index (Zensical writes its own)."""
    index_file = Path(site_dir) / MATERIAL_INDEX
    if not index_file.is_file():
        return []
    problems = patch_worker(site_dir)
    if problems:
        return problems
    try:
        data = json.loads(Path(keywords_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [f"{keywords_file}: cannot be read ({err}): render the site again"]
    if data.get("format") != FORMAT:
        return [f"{keywords_file}: not a file of search keywords"]
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index_file.write_text(
        json.dumps(improve(index, data), ensure_ascii=False, separators=(",", ":")), "utf-8"
    )
    return []
