"""The Content-Security-Policy of the built site, as a `<meta http-equiv>` tag (GitHub Pages sends no custom
headers): only the site's own scripts, styles, images, fonts and connections, and no inline script but the
ones the theme ships, each allowed by the SHA-256 of its exact text.

Plain Python, no generator: `secure_site(site_dir, template_dirs)` runs over a built site (the finishing
step, after either generator). Which inline scripts may run is never read from the built pages: it comes
from the templates that wrote them (`allowed_from_templates`: the theme's and the site's own template
folders). A template's inline script whose text has a `{{ ... }}` in it (Material's `__md_scope` helper
names the page's depth) is allowed with an address-like path in that place and nothing else. A page whose
inline script, `<meta http-equiv>` or Content-Security-Policy is not one the templates write fails the
build, naming the page and line: text from data that slipped through as markup would be caught here.

Pages are read with a real HTML5 parser (selectolax, on the lexbor engine), so what counts as a script, its
text and its attributes are what a browser sees: a `<script>` inside a comment or an attribute value is
none, and entities in an attribute are decoded. The parser knows no source lines, so a problem's line is
found in the page's text by the element's position among those of its kind.

Every page that Material's instant navigation can load (it has `data-md-component="container"`) gets one
and the same policy, listing the inline scripts of all such pages: instant navigation re-runs the inline
scripts of the new page's content and keeps the first page's policy in force. Any other page (a redirect
page) lists only its own. The policy is the first child of `<head>`; running again over a finished page
replaces it (Zensical leaves unchanged pages as they were).
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

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
# What a `{{ ... }}` in a template's inline script or <meta http-equiv> may become: a path of the site, such
# as the page's depth (`..`, `../..`), the site's folder (`/repo/`) or another page (`../new/`). No scheme,
# no host (`//`), no quote, backslash or angle bracket.
TEMPLATE_VALUE = r"(?!//)[A-Za-z0-9._~%/#-]*"
# The character encoding must be declared within the first bytes of a page (the HTML standard's prescan).
CHARSET_WITHIN = 1024
# Inline styles that a theme's own script inserts, which no template shows: recorded for the exact file (by
# its sha256), since a stylesheet built inside a minified bundle cannot be read off it reliably. Zensical
# 0.0.73's search writes its stylesheet into a <style> in its shadow root. A theme upgrade changes the file
# (and its name), the record no longer applies, and the browser test of every page fails with the new
# style's hash (tests/test_csp.py): check what the new bundle inserts, then record it here.
THEME_STYLES: dict[str, dict] = {
    "assets/javascripts/bundle.77dd0ce9.min.js": {
        "sha256": "77dd0ce9ff23ea38e24ba37d8cea7a9eb094f4a99928d294b490f61635b55836",
        "styles": ("'sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k='",),
        "what": "Zensical 0.0.73's search dialog: its stylesheet, in the dialog's shadow root",
    },
}

_TEMPLATE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_TEMPLATE_META = re.compile(r"<meta\b[^>]*\bhttp-equiv\s*=\s*(?P<q>[\"'])(?P<name>[^\"']*)(?P=q)[^>]*>", re.I)
_TEMPLATE_CONTENT = re.compile(r"\bcontent\s*=\s*(?P<q>[\"'])(?P<value>.*?)(?P=q)", re.I | re.S)
_TEMPLATE_ATTR = re.compile(r"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_EXPRESSION = re.compile(r"\{\{-?.*?-?\}\}", re.S)
_STATEMENT = re.compile(r"\{[%#]")
_HEAD = re.compile(r"<head(?=[\t\n\f\r />])[^>]*>", re.I)


@dataclass(frozen=True)
class Allowed:
    """What the templates write: their inline scripts and <meta http-equiv> tags, as exact-match patterns."""

    scripts: tuple[re.Pattern, ...] = ()
    http_equiv: tuple[tuple[str, re.Pattern], ...] = ()  # (lower-case http-equiv, pattern of its content)

    def script(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.scripts)

    def meta(self, name: str, content: str) -> bool:
        return any(n == name and p.fullmatch(content) for n, p in self.http_equiv)


def _pattern(template: str) -> re.Pattern | None:
    """A template's text as a pattern: literal, with each `{{ ... }}` an address-like path. None when the
    text holds Jinja statements or comments, whose output cannot be foreseen."""
    if _STATEMENT.search(template):
        return None
    parts = _EXPRESSION.split(template)
    return re.compile(TEMPLATE_VALUE.join(re.escape(p) for p in parts), re.S)


def allowed_from_templates(template_dirs: Iterable[Path]) -> Allowed:
    """Every inline script and <meta http-equiv> that the HTML templates in `template_dirs` can write."""
    scripts: dict[str, re.Pattern] = {}
    metas: dict[tuple[str, str], tuple[str, re.Pattern]] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            for match in _TEMPLATE_SCRIPT.finditer(text):
                attrs = {
                    m.group(1).lower(): (m.group(2) or "").strip("\"'")
                    for m in _TEMPLATE_ATTR.finditer(match.group("attrs"))
                }
                if "src" in attrs or not is_executable(attrs) or _EXPRESSION.search(match.group("attrs")):
                    continue
                pattern = _pattern(match.group("body"))
                if pattern is not None:
                    scripts.setdefault(pattern.pattern, pattern)
            for match in _TEMPLATE_META.finditer(text):
                content = _TEMPLATE_CONTENT.search(match.group(0))
                pattern = _pattern(content.group("value")) if content else re.compile("")
                name = match.group("name").strip().lower()
                if pattern is not None and name != HTTP_EQUIV.lower():
                    metas.setdefault((name, pattern.pattern), (name, pattern))
    return Allowed(tuple(scripts.values()), tuple(metas.values()))


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


def script_hash(text: str) -> str:
    """The CSP source expression allowing a script with exactly this text: 'sha256-<base64>' of its UTF-8."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def build_policy(hashes: Iterable[str] = (), styles: Iterable[str] = ()) -> str:
    """The policy text, with the given hash sources for scripts and for styles (sorted, so that the same
    scripts give the same text)."""
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src":
            value = " ".join([value, *sorted(set(hashes))])
        elif name == "style-src":
            value = " ".join([value, *sorted(set(styles))])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def theme_styles(site_dir: Path) -> tuple[set[str], list[str]]:
    """The recorded inline styles of the theme files in a built site (THEME_STYLES), and a problem for each
    recorded file whose content is not the one recorded."""
    styles, problems = set(), []
    for asset, record in THEME_STYLES.items():
        path = site_dir / asset
        if not path.is_file():
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != record["sha256"]:
            problems.append(
                f"{asset}: not the file whose inline styles were recorded (vpguide/csp.py, THEME_STYLES)"
            )
            continue
        styles.update(record["styles"])
    return styles, problems


def meta_tag(policy: str) -> str:
    # The policy holds no quote, ampersand or angle bracket of its own (hashes are base64): no escaping.
    if set(policy) & set('"&<>'):
        raise ValueError(f"a policy cannot hold quotes, ampersands or angle brackets: {policy}")
    return f'<meta http-equiv="{HTTP_EQUIV}" content="{policy}">'


def policy_sources(policy: str, directive: str) -> list[str]:
    """The source list of one directive of a policy ([] when absent)."""
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() == directive:
            return words[1:]
    return []


@dataclass(frozen=True)
class InlineScript:
    text: str  # exactly as the browser sees it
    line: int


@dataclass
class Scan:
    """What matters to the policy in one HTML document."""

    scripts: list[InlineScript] = field(default_factory=list)
    # Everything the policy must not allow, or that no template writes: unknown inline scripts and <meta
    # http-equiv>, a second policy, style attributes and elements, event handlers, javascript: URLs.
    problems: list[str] = field(default_factory=list)
    policy: str | None = None  # the policy already first in <head> (a page finished before)
    instant: bool = False  # a page that Material's instant navigation can load

    @property
    def hashes(self) -> set[str]:
        return {script_hash(s.text) for s in self.scripts}


class _Lines:
    """Lines of the page's text for elements found by the parser: the n-th `<tag` of the text, counted
    outside comments, for the n-th element of that tag."""

    def __init__(self, html: str):
        self.html = html
        self._starts: dict[str, list[int]] = {}
        self._newlines: list[int] | None = None  # where each line break is, found once per page

    def line(self, tag: str, index: int) -> int:
        if tag not in self._starts:
            pattern = re.compile(rf"<!--.*?-->|<{re.escape(tag)}(?=[\t\n\f\r />])", re.S | re.I)
            self._starts[tag] = [
                m.start() for m in pattern.finditer(self.html) if not m.group(0).startswith("<!--")
            ]
        starts = self._starts[tag]
        if index >= len(starts):
            return 0
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.html)]
        return bisect.bisect_left(self._newlines, starts[index]) + 1


def _first_element(node: LexborNode | None) -> LexborNode | None:
    child = node.child if node is not None else None
    while child is not None and not child.is_element_node:
        child = child.next
    return child


def scan(html: str, allowed: Allowed) -> Scan:
    """The inline scripts of a document that the templates write, and every problem: what the browser would
    run or obey that no template writes, and what no hash can allow."""
    tree = LexborHTMLParser(html)
    result = Scan()
    lines = _Lines(html)
    first = _first_element(tree.head)
    seen: dict[str, int] = {}
    for node in tree.root.traverse(include_text=False) if tree.root is not None else ():
        tag = node.tag
        if not isinstance(tag, str) or tag.startswith("-") or tag == "_comment":
            continue
        index = seen[tag] = seen.get(tag, -1) + 1
        attrs = {name.lower(): value for name, value in node.attributes.items()}
        if attrs.get(CONTAINER[0]) == CONTAINER[1]:
            result.instant = True
        where = f"line {lines.line(tag, index)}"
        for name, value in attrs.items():
            if name == "style":
                result.problems.append(f"{where}: <{tag} style=...>: move the style to a stylesheet")
            elif name.startswith("on"):
                result.problems.append(f"{where}: <{tag} {name}=...>: move the handler to a script file")
            elif name in URL_ATTRIBUTES and (value or "").strip(ASCII_WHITESPACE).lower().startswith(
                "javascript:"
            ):
                result.problems.append(f"{where}: <{tag} {name}=javascript:...>: use a script file")
        if tag == "style":
            result.problems.append(f"{where}: <style> element: move the style to a stylesheet")
        elif tag == "meta" and "http-equiv" in attrs:
            name = (attrs["http-equiv"] or "").strip(ASCII_WHITESPACE).lower()
            content = attrs.get("content") or ""
            if name == HTTP_EQUIV.lower():
                if node.mem_id == (first.mem_id if first is not None else None) and result.policy is None:
                    result.policy = content
                else:
                    result.problems.append(
                        f"{where}: a Content-Security-Policy that the finishing step did not write"
                    )
            elif not allowed.meta(name, content):
                result.problems.append(
                    f"{where}: <meta http-equiv={name!r} content={content[:60]!r}>: no template writes it"
                )
        elif tag == "script" and is_executable(attrs):
            text = node.text(deep=True)
            if allowed.script(text):
                result.scripts.append(InlineScript(text, lines.line(tag, index)))
            else:
                result.problems.append(
                    f"{where}: inline script {text[:60]!r}: not one the theme or the site ships"
                )
    return result


def with_policy(html: str, policy: str) -> str:
    """`html` with the policy as a meta tag, the first child of <head>; one already there (from a finishing
    run before) is replaced."""
    tag = meta_tag(policy)
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("no <head> start tag: nowhere to put the Content-Security-Policy")
    rest = html[head.end() :]
    old = re.match(rf"<meta http-equiv=\"{HTTP_EQUIV}\" content=\"[^\"]*\">", rest)
    if old:
        rest = rest[old.end() :]
    return html[: head.end()] + tag + rest


def verify(html: str, policy: str) -> list[str]:
    """What is wrong with a finished page: the policy must be the first child of <head>, the only one, and
    the character encoding still declared within the first 1024 bytes."""
    tree = LexborHTMLParser(html)
    metas = [
        m
        for m in tree.css("meta[http-equiv]")
        if (m.attributes.get("http-equiv") or "").strip().lower() == HTTP_EQUIV.lower()
    ]
    first = _first_element(tree.head)
    out = []
    if len(metas) != 1:
        out.append(f"{len(metas)} Content-Security-Policy meta tags, not one")
    if first is None or first.tag != "meta" or first.attributes.get("content") != policy:
        out.append("the Content-Security-Policy is not the first child of <head>")
    charset = re.search(r"<meta charset=", html, re.I)
    if charset is not None and len(html[: charset.end()].encode("utf-8")) > CHARSET_WITHIN:
        out.append(f"<meta charset> is no longer within the first {CHARSET_WITHIN} bytes")
    return out


def check(html: str, allowed: Allowed) -> list[str]:
    """Everything in a finished document that its own policy would block or that no template writes. [] when
    nothing."""
    scanned = scan(html, allowed)
    if scanned.policy is None:
        return [*scanned.problems, "no Content-Security-Policy first in <head>"]
    listed = set(policy_sources(scanned.policy, "script-src"))
    out = list(scanned.problems)
    for script in scanned.scripts:
        if script_hash(script.text) not in listed:
            out.append(f"line {script.line}: inline script {script.text[:60]!r}... is not in the policy")
    return out


def secure_site(site_dir: Path, template_dirs: Iterable[Path]) -> list[str]:
    """Put the policy in every HTML file under `site_dir`; returns every problem, one message each with its
    file (relative to `site_dir`) and line. A page with a problem is left as it is; the caller fails."""
    allowed = allowed_from_templates(template_dirs)
    styles, problems = theme_styles(site_dir)
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        where = path.relative_to(site_dir).as_posix()
        scanned = scan(path.read_text(encoding="utf-8"), allowed)
        problems += [f"{where}: {p}" for p in scanned.problems]
        pages.append((path, where, scanned))
    shared = set().union(*(s.hashes for _, _, s in pages if s.instant))
    for path, where, scanned in pages:
        if scanned.problems:
            continue
        policy = build_policy(shared if scanned.instant else scanned.hashes, styles)
        try:
            out = with_policy(path.read_text(encoding="utf-8"), policy)
        except ValueError as err:
            problems.append(f"{where}: {err}")
            continue
        wrong = verify(out, policy)
        if wrong:
            problems += [f"{where}: {w}" for w in wrong]
            continue
        path.write_text(out, encoding="utf-8")
    return problems
