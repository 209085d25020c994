"""What a text field of the data may hold. Plain Python, no I/O.

Every string in the data is one of three kinds, named in its JSON Schema by `format` (schemas/*.json):

- `plain`: a title, a name, a heading or a one-line sentence. It reaches pages as it is, in places where
  nothing turns Markdown into HTML (the navigation, the page title, the search index, downloads), and the
  theme writes it there unescaped or passes it through `striptags`, which turns `&lt;` back into `<`. So it
  holds text only: no angle brackets, no character references (`&amp;`, `&#60;`, `&lt`), no Markdown
  markup (`* _ ` [ ] \\ | # ~ { }`), no list marker at its start.
- `markdown`: the site's small Markdown dialect, for longer text: paragraphs, emphasis (`*a*`, `**a**`,
  `_a_`), inline code, links `[text](https://...)`, bullet (`- `) and numbered (`1. `) lists with their
  continuation lines. Everything else Python-Markdown or its extensions would read as a block or as markup
  is refused: raw HTML, images, headings, block quotes, tables, code fences and indented code, horizontal
  rules, admonitions (`!!!`, `???`: they would forge an "Official text" box), abbreviation definitions
  (`*[term]: ...`: a tooltip on any word of the page), footnotes, reference-style link definitions, curly
  braces (attribute lists and template syntax) and character references.
- `https-url`: an address, `https://` with an ASCII host (or a listed IDNA host), no user name or password,
  no port, nothing but printable ASCII.

Every string, whatever its kind, is also refused if it holds control or invisible formatting characters
(zero-width characters and bidirectional overrides; `invisible_problems`, which the loader applies to every
string): they disguise text, and Python-Markdown uses STX and ETX for its own placeholders. Each check
returns the problems as sentences for a maintainer; [] when fine.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# C0 controls other than tab and newline, DEL, and the invisible Unicode format characters used to
# disguise text (zero-width characters and bidirectional overrides).
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# Hosts written in IDNA (`xn--` labels) that the site may link to. None so far: a look-alike of an
# official address is easy to write that way, so each one is added here deliberately.
ALLOWED_IDNA_HOSTS: frozenset[str] = frozenset()

_PLAIN_MARKUP = re.compile(r"[*_`\[\]\\|#~{}]")
_LIST_START = re.compile(r"^(?:[-+*]|\d{1,9}[.)])(?:\s|$)")
# A character reference as HTML reads it: `&name;`, `&#60;`, `&#x3c;`, and the legacy names that work
# without a semicolon (`&lt`, `&amp`). In plain text any `&` followed by a letter, digit or `#` counts.
_PLAIN_REFERENCE = re.compile(r"&[#A-Za-z0-9]")
# In Markdown a bare `&` is escaped by Python-Markdown; only complete references pass through as markup.
_MARKDOWN_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_HTML = re.compile(r"<\s*[/!?]?\s*[A-Za-z]|<!--")
_IMAGE = re.compile(r"!\[")
_BRACES = re.compile(r"[{}]")
_FOOTNOTE = re.compile(r"\[\^")
# Inline links `[text](target)`, with the target as Python-Markdown reads it (up to a space or `)`).
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)")
_BARE_SCHEMES = re.compile(r"\b(?:http|ftp|file)://|\b(?:javascript|vbscript):", re.I)
# Lines Python-Markdown or its extensions would read as a block of their own (after any indentation).
_BLOCK_LINES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"#"), "a heading (#)"),
    (re.compile(r">"), "a block quote (>)"),
    (re.compile(r"(?:!!!|\?\?\?\+?)"), "an admonition or collapsible block (!!! or ???)"),
    (re.compile(r"\*\["), "an abbreviation definition (*[term]: ...)"),
    (re.compile(r"\[[^\]]*\]:"), "a link reference definition ([label]: address)"),
    (re.compile(r"(?:`{3,}|~{3,})"), "a code fence (``` or ~~~)"),
    (re.compile(r"(?:[-*_=]\s*){3,}$"), "a horizontal rule or heading underline (---, ***, ===)"),
    (re.compile(r"/{3}"), "a block (///)"),
)
# RFC 3986's unreserved and reserved characters and percent-encoding, less the quotes and parentheses,
# which would end a Markdown link or an HTML attribute.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]+")
# Indentation of at least this much outside a list is an indented code block.
_CODE_INDENT = 4
_LIST_ITEM = re.compile(r"^(\s*)(?:[-+*]|\d{1,9}[.)])\s")


def invisible_problems(value: str) -> list[str]:
    if INVISIBLE.search(value):
        return ["invisible control or formatting characters are not allowed in text"]
    return []


def plain_problems(value: str) -> list[str]:
    """A title, name, heading or one-line sentence: text only."""
    out = []
    if "\n" in value or "\r" in value:
        out.append("must be one line")
    if "<" in value or ">" in value:
        out.append("angle brackets < > are not allowed here: this is plain text, not HTML")
    if _PLAIN_REFERENCE.search(value):
        found = _PLAIN_REFERENCE.search(value).group(0)
        out.append(
            f"{found!r}: an & followed by a letter, digit or # reads as a character reference such as &amp;: "
            "write 'and', or put a space after the &"
        )
    markup = sorted(set(_PLAIN_MARKUP.findall(value)))
    if markup:
        out.append(
            f"Markdown markup ({' '.join(markup)}) is not allowed here: this is plain text, shown as written"
        )
    if _LIST_START.match(value):
        out.append("must not start with a list marker (-, +, * or 1.)")
    return out


def markdown_problems(value: str) -> list[str]:
    """The site's Markdown dialect (module docstring)."""
    out = []
    if _HTML.search(value):
        out.append("raw HTML is not allowed in text: write Markdown")
    if _IMAGE.search(value):
        out.append("images are not allowed in text: the site loads nothing from other hosts")
    if _BRACES.search(value):
        out.append(
            "curly braces { } are not allowed in text: they could be read as template or attribute syntax"
        )
    if _MARKDOWN_REFERENCE.search(value):
        found = _MARKDOWN_REFERENCE.search(value).group(0)
        out.append(f"a character reference ({found}) is not allowed in text: write the character itself")
    if _FOOTNOTE.search(value):
        out.append("footnotes ([^...]) are not allowed in text")
    if "|" in value:
        out.append("the character | is not allowed in text: it makes tables")
    out += _block_problems(value)
    bad = []
    for match in _LINK.finditer(value):
        bad += [f"link {match.group('target')!r}: {p}" for p in url_problems(match.group("target"))]
    if bad:
        out.append(bad[0])
    elif _BARE_SCHEMES.search(_LINK.sub("", value)):
        out.append("addresses must start with https://, inside a link [text](https://...)")
    return out


def _block_problems(value: str) -> list[str]:
    out: list[str] = []
    in_list = False
    for number, line in enumerate(value.split("\n"), 1):
        stripped = line.lstrip(" \t")
        if not stripped:
            continue
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        for pattern, what in _BLOCK_LINES:
            if pattern.match(stripped):
                out.append(f"line {number} of the text starts {what}: not allowed in text")
                break
        item = _LIST_ITEM.match(line)
        if item:
            in_list = True
        elif indent == 0:
            in_list = False
        elif indent >= _CODE_INDENT and not in_list:
            out.append(f"line {number} of the text is indented as code: indent only the lines of a list item")
    return out


def url_problems(value: str) -> list[str]:
    """An https:// address that is what it looks like."""
    if not value.startswith("https://"):
        return ["addresses must start with https://"]
    if not _URL_CHARACTERS.fullmatch(value):
        return [
            "an address may hold only letters, digits and - . _ ~ : / ? # [ ] @ ! $ & * + , ; = % "
            "(percent-encode the rest)"
        ]
    out = []
    parts = urlsplit(value)
    netloc = parts.netloc
    if "@" in netloc:
        out.append("an address must not carry a user name or password (user@host)")
        netloc = netloc.rsplit("@", 1)[1]
    host, _, port = netloc.partition(":")
    if port:
        out.append("an address must not name a port")
    labels = host.split(".")
    if len(labels) < 2 or not all(re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", x) for x in labels):
        out.append(f"the host {host!r} is not a lower-case ASCII domain name such as www.example.org")
    elif any(x.startswith("xn--") for x in labels) and host not in ALLOWED_IDNA_HOSTS:
        out.append(
            f"the host {host!r} is written in IDNA (xn--): add it to ALLOWED_IDNA_HOSTS in "
            "vpguide/textrules.py once checked, so that no look-alike of an official address slips in"
        )
    return out


# The schema formats and their checks.
FORMATS = {"plain": plain_problems, "markdown": markdown_problems, "https-url": url_problems}
