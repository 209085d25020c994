"""The Content-Security-Policy of the built site, as a `<meta http-equiv>` tag (GitHub Pages sends no custom
headers): only the site's own scripts, styles, images, fonts and connections, and no inline script unless its
exact text is listed by its SHA-256 hash.

Plain Python, no MkDocs: `secure_site(site_dir)` runs over a built site (the hook calls it after every build
but not while serving, because `mkdocs serve` injects its own inline live-reload script). Pages are parsed
with the standard library's `html.parser`, so a `<script` inside a comment or an attribute value is not taken
for a script, and the text hashed is the element's raw text, as the browser runs it.

Every page that Material's instant navigation can load (it has `data-md-component="container"`) gets one
and the same policy, listing the inline scripts of all such pages. Instant navigation re-runs the inline
scripts of the new page's content and appends to `<head>` every head element of the new page that differs
from the current one, and a policy, once in force, stays in force: with one policy for all these pages,
nothing is appended and every script that can be re-run is already allowed. Any other page (a redirect page
written by mkdocs-redirects; the 404 page is a Material page) lists only its own scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

# Directives in the order they are written. frame-ancestors, report-uri and sandbox are ignored in a
# <meta> policy, so they are not used. img-src allows data: for the SVG icons that Material's CSS embeds
# as data: URLs (masks), which count as images.
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HTTP_EQUIV = "Content-Security-Policy"

# https://html.spec.whatwg.org/multipage/scripting.html#prepare-the-script-element: a script whose type
# is one of these runs (and is checked against script-src); any other type is a data block, such as
# Material's `<script id="__config" type="application/json">`, which never runs and needs no hash.
JAVASCRIPT_TYPES = frozenset(
    {
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)
# Non-classic types that are still checked against script-src when inline.
OTHER_SCRIPT_TYPES = frozenset({"module", "importmap", "speculationrules"})
ASCII_WHITESPACE = "\t\n\f\r "
# Attributes whose value a browser may run as a `javascript:` URL.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
# Marks a page that Material's instant navigation can load.
CONTAINER = ("data-md-component", "container")


@dataclass(frozen=True)
class InlineScript:
    text: str  # exactly as the browser sees it: raw text, newlines normalised
    line: int


@dataclass
class Scan:
    """What matters to the policy in one HTML document."""

    scripts: list[InlineScript] = field(default_factory=list)
    # What the policy cannot allow without 'unsafe-inline' or 'unsafe-hashes': style attributes, <style>
    # elements, event handler attributes, javascript: URLs.
    problems: list[str] = field(default_factory=list)
    insert_at: int | None = None  # where the meta tag goes: first in <head>, after <meta charset>
    existing: tuple[int, int] | None = None  # the span of a Content-Security-Policy meta tag already there
    existing_policy: str | None = None
    instant: bool = False  # a page that Material's instant navigation can load

    @property
    def hashes(self) -> set[str]:
        return {script_hash(s.text) for s in self.scripts}


def is_executable(attrs: dict[str, str | None]) -> bool:
    """Whether an inline <script> with these attributes runs (and so needs a hash)."""
    if "src" in attrs:
        return False
    kind = attrs.get("type")
    if kind is None:
        language = (attrs.get("language") or "").strip(ASCII_WHITESPACE)
        kind = f"text/{language}" if language else ""
    kind = kind.strip(ASCII_WHITESPACE).lower()
    return kind == "" or kind in JAVASCRIPT_TYPES or kind in OTHER_SCRIPT_TYPES


def browser_text(raw: str) -> str:
    """A script's raw text as the browser holds it: the input stream turns CR LF and lone CR into LF, and
    the tokenizer replaces NUL in script data with U+FFFD."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def script_hash(text: str) -> str:
    """The CSP source expression allowing a script with exactly this text: 'sha256-<base64>' of its UTF-8."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def build_policy(hashes: Iterable[str] = ()) -> str:
    """The policy text, with the given hash sources (sorted, so that the same scripts give the same text)."""
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src":
            value = " ".join([value, *sorted(set(hashes))])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def meta_tag(policy: str) -> str:
    # The policy holds no quote, ampersand or angle bracket of its own (hashes are base64): no escaping.
    if set(policy) & set('"&<>'):
        raise ValueError(f"a policy cannot hold quotes, ampersands or angle brackets: {policy}")
    return f'<meta http-equiv="{HTTP_EQUIV}" content="{policy}">'


def _read_tag(result: Scan, tag: str, attrs: list[tuple[str, str | None]], line: int, span) -> None:
    """What one start tag means to the policy, for both scanners: an existing policy (`span()`: where the tag
    is), Material's container mark, and what no hash can allow."""
    values = dict(attrs)
    if tag == "meta" and (values.get("http-equiv") or "").lower() == HTTP_EQUIV.lower():
        if result.existing is not None:
            result.problems.append(f"line {line}: a second Content-Security-Policy meta tag")
        result.existing = span()
        result.existing_policy = values.get("content") or ""
    if values.get(CONTAINER[0]) == CONTAINER[1]:
        result.instant = True
    for name, value in attrs:
        if name == "style":
            result.problems.append(f"line {line}: <{tag} style=...>: move the style to a stylesheet")
        elif name.startswith("on"):
            result.problems.append(f"line {line}: <{tag} {name}=...>: move the handler to a script file")
        elif name in URL_ATTRIBUTES and (value or "").strip(ASCII_WHITESPACE).lower().startswith(
            "javascript:"
        ):
            result.problems.append(f"line {line}: <{tag} {name}=javascript:...>: use a script file")
    if tag == "style":
        result.problems.append(f"line {line}: <style> element: move the style to a stylesheet")


class _Scanner(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.result = Scan()
        self._script: tuple[int, list[str]] | None = None  # line and text chunks of an inline script
        self._head_end: int | None = None  # end offset of the <head> start tag, until its first child
        self._line_starts = [0]  # offsets where lines start, as far as needed

    def _offset(self) -> int:
        """The offset in the document of the tag being handled (only asked for a few tags)."""
        line, column = self.getpos()
        while len(self._line_starts) < line:
            self._line_starts.append(self.html.index("\n", self._line_starts[-1]) + 1)
        return self._line_starts[line - 1] + column

    def _tag_span(self) -> tuple[int, int]:
        start = self._offset()
        return start, start + len(self.get_starttag_text() or "")

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if tag == "script":
            # Not self-closing in HTML: the browser takes what follows, up to </script>, as the script,
            # where html.parser sees markup.
            raise ValueError(f"line {self.getpos()[0]}: <script/>: write <script></script>")
        self._start(tag, attrs)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        result = self.result
        if self._head_end is not None:
            # The first element in <head>: the policy goes before it, or after it if it declares the
            # character encoding (which must stay within the first 1024 bytes).
            charset = tag == "meta" and (
                "charset" in values or (values.get("http-equiv") or "").lower() == "content-type"
            )
            result.insert_at = self._tag_span()[1] if charset else self._head_end
            self._head_end = None
        if tag == "head" and result.insert_at is None:
            self._head_end = self._tag_span()[1]
        _read_tag(result, tag, attrs, line, self._tag_span)
        if tag == "script":
            self._start_script(values)

    def _start_script(self, values: dict[str, str | None]) -> None:
        self._script = (self.getpos()[0], []) if is_executable(values) else None

    def handle_data(self, data):
        if self._script is not None and self.cdata_elem == "script":
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "head" and self._head_end is not None:  # an empty <head>
            self.result.insert_at = self._head_end
            self._head_end = None
        if tag == "script" and self._script is not None:
            line, chunks = self._script
            self._script = None
            raw = "".join(chunks)
            lowered = raw.lower()
            if "<!--" in lowered or "</script" in lowered:
                # The browser's script data escape states could end (or not end) this script elsewhere
                # than html.parser does: the hash could not be trusted.
                raise ValueError(f"line {line}: an inline script holds '<!--' or '</script': rewrite it")
            self.result.scripts.append(InlineScript(browser_text(raw), line))


def scan_reference(html: str) -> Scan:
    """`scan` done by the standard library's `html.parser`: slower (0.28 s for the real site's 4.6 MB, a tenth
    of a build), kept as the reference that tests/test_csp.py holds `scan` to on every built page."""
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    if scanner.cdata_elem == "script":
        raise ValueError("a <script> is never closed")
    if scanner.result.insert_at is None:
        scanner.result.insert_at = scanner._head_end
    return scanner.result


# The tokens the policy cares about, in document order: comments (skipped), `</head>`, and start tags with
# their attributes (quoted values may hold `>`); other end tags are not even matched. Script and style
# contents are raw text, found separately.
_TOKEN = re.compile(
    r"<!--.*?-->|<(?P<end>/)head[\t\n\f\r ]*>|<(?P<tag>[A-Za-z][^\t\n\f\r />]*)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(
    r"([^\t\n\f\r />\"'=][^\t\n\f\r />=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(\"[^\"]*\"|'[^']*'|[^\t\n\f\r >]*))?"
)
# Start tags whose attributes can matter; any other tag is skipped unless its attributes might hold a style,
# a handler, a `javascript:` address (entities included) or Material's container mark.
_TAGS_TO_READ = frozenset({"head", "meta", "script", "style"})
_MAYBE = re.compile(r"(?:^|[\s\"'/])(?:style|on)|javascript|&|data-md-component", re.I)
_RAW_END = {name: re.compile(rf"</{name}[\t\n\f\r ]*>", re.I) for name in ("script", "style")}


def _attributes(text: str) -> list[tuple[str, str | None]]:
    out = []
    for match in _ATTRIBUTE.finditer(text.rstrip("/")):
        name, value = match.group(1).lower(), match.group(2)
        if value is not None:
            if value[:1] in ('"', "'") and value[-1:] == value[:1] and len(value) >= 2:
                value = value[1:-1]
            value = unescape(value)
        out.append((name, value))
    return out


def scan(html: str) -> Scan:
    """The inline scripts of a document and everything else CSP cares about: the same `Scan` as
    `scan_reference`, found with regular expressions in a tenth of the time."""
    result = Scan()
    head_end: int | None = None  # end of the <head> start tag, until its first child

    counted = [0, 1]  # the offset counted up to and its line: tags come in document order

    def line_at(offset: int) -> int:
        counted[1] += html.count("\n", counted[0], offset)
        counted[0] = offset
        return counted[1]

    position = 0
    while True:
        match = _TOKEN.search(html, position)
        if match is None:
            break
        position = match.end()
        if match.group("end"):  # </head>, the only end tag that matters
            if head_end is not None:  # an empty <head>
                result.insert_at, head_end = head_end, None
            continue
        tag = match.group("tag")
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        raw_attrs = match.group("attrs")
        self_closing = raw_attrs.endswith("/")
        if tag not in _TAGS_TO_READ and not _MAYBE.search(raw_attrs):
            if head_end is not None:
                result.insert_at, head_end = head_end, None
            continue
        attrs = _attributes(raw_attrs)
        values = dict(attrs)
        line = line_at(match.start())
        if head_end is not None:
            charset = tag == "meta" and (
                "charset" in values or (values.get("http-equiv") or "").lower() == "content-type"
            )
            result.insert_at = match.end() if charset else head_end
            head_end = None
        if tag == "head" and result.insert_at is None:
            head_end = match.end()
        _read_tag(result, tag, attrs, line, match.span)
        if tag in _RAW_END:
            if tag == "script" and self_closing:
                raise ValueError(f"line {line}: <script/>: write <script></script>")
            end = _RAW_END[tag].search(html, position)
            if end is None:
                if tag == "script":
                    raise ValueError("a <script> is never closed")
                break
            raw, position = html[position : end.start()], end.end()
            if tag == "script" and is_executable(values):
                lowered = raw.lower()
                if "<!--" in lowered or "</script" in lowered:
                    raise ValueError(f"line {line}: an inline script holds '<!--' or '</script': rewrite it")
                result.scripts.append(InlineScript(browser_text(raw), line))
    if result.insert_at is None:
        result.insert_at = head_end
    return result


def with_policy(html: str, policy: str, scanned: Scan | None = None) -> str:
    """`html` with the policy as a meta tag, first in <head> (after <meta charset> if that comes first);
    a Content-Security-Policy meta tag already there (a previous build's, with --dirty) is replaced."""
    scanned = scanned or scan(html)
    tag = meta_tag(policy)
    if scanned.existing is not None:
        start, end = scanned.existing
        return html[:start] + tag + html[end:]
    if scanned.insert_at is None:
        raise ValueError("no <head> start tag: nowhere to put the Content-Security-Policy")
    return html[: scanned.insert_at] + tag + html[scanned.insert_at :]


def secure(html: str, extra_hashes: Iterable[str] = ()) -> str:
    """One page with a policy allowing its own inline scripts (and `extra_hashes`)."""
    scanned = scan(html)
    return with_policy(html, build_policy(scanned.hashes | set(extra_hashes)), scanned)


def policy_sources(policy: str, directive: str) -> list[str]:
    """The source list of one directive of a policy ([] when absent)."""
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() == directive:
            return words[1:]
    return []


def check(html: str) -> list[str]:
    """Everything in a document that its own meta policy would block: inline scripts whose hash it does not
    list, style attributes and elements, event handlers, javascript: URLs. [] when nothing."""
    scanned = scan(html)
    if scanned.existing_policy is None:
        return ["no Content-Security-Policy meta tag"]
    allowed = set(policy_sources(scanned.existing_policy, "script-src"))
    out = list(scanned.problems)
    for script in scanned.scripts:
        if script_hash(script.text) not in allowed:
            out.append(f"line {script.line}: inline script {script.text[:60]!r}... is not in the policy")
    return out


def secure_site(site_dir: Path) -> list[str]:
    """Put the policy in every HTML file under `site_dir`; returns what the policy would block, one message
    per problem, each with its file (relative to `site_dir`) and line.

    Two passes over the files: the shared policy needs every instant-navigation page's hashes before the
    first page is written. Only the scans are kept between them, not the pages (at 50 times the real data,
    the pages are over 400 MB), so each page is read again to be written."""
    pages = []
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        where = path.relative_to(site_dir).as_posix()
        try:
            scanned = scan(path.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(f"{where}: {err}")
            continue
        problems += [f"{where}: {p}" for p in scanned.problems]
        pages.append((path, scanned))
    shared = set().union(*(s.hashes for _, s in pages if s.instant))
    for path, scanned in pages:
        html = path.read_text(encoding="utf-8")
        try:
            out = with_policy(html, build_policy(shared if scanned.instant else scanned.hashes), scanned)
        except ValueError as err:
            problems.append(f"{path.relative_to(site_dir).as_posix()}: {err}")
            continue
        path.write_text(out, encoding="utf-8")
    return problems
