"""Staff write Markdown; the public sees it as sanitised HTML.

Nothing staff type is trusted: Markdown may contain raw HTML, so the HTML it becomes is
cleaned against a short allow-list with nh3 before it is marked safe. The same allow-list
decides what may be saved (``disallowed_html``), because the Markdown source also leaves
the site: in exports, translation files and open data that others render themselves.
"""

import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"} | {
    f"h{level}" for level in range(2, 7)
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto", "tel"}
HEADING = re.compile(r"<(/?)h([1-6])\b")
# Markdown's own syntax makes these; nh3 keeps their text, so nothing is hidden or unsafe.
MARKDOWN_ONLY_TAGS = {"h1", "code", "pre", "hr"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Where Markdown starts a link's address: inline `[text](` and a definition `[name]:`.
LINK_START = re.compile(r"\]\(|^( {0,3})\[(?=[^\]]*\]:)", re.MULTILINE)


@lru_cache(maxsize=4096)  # pure, and booklets ask for the same texts in A4 and A5
def render_markdown(text, top_level=2):
    """HTML for staff-written Markdown, safe to insert into a page.

    Staff pick heading levels by feel; the page decides where their text sits, so the
    largest heading they wrote becomes ``top_level`` and the rest keep their order.
    """
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    html = _shift_headings(html, top_level)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def _shift_headings(html, top_level):
    levels = [int(level) for _slash, level in HEADING.findall(html)]
    if not levels:
        return html
    shift = top_level - min(levels)

    def replace(match):
        return f"<{match[1]}h{min(int(match[2]) + shift, 6)}"

    return HEADING.sub(replace, html)


class _HtmlCheck(HTMLParser):
    """Notes each tag, attribute and link the allow-list would take out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = {}

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS | MARKDOWN_ONLY_TAGS:
            self.found[f"<{tag}>"] = None
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | (
            {"src", "alt", "title"} if tag == "img" else set()
        )
        for name, value in attrs:
            if name not in allowed:
                self.found[f"<{tag} {name}>"] = None
            elif name in {"href", "src"} and _scheme(value) not in ALLOWED_URL_SCHEMES:
                self.found[f"{_scheme(value)}:"] = None

    handle_startendtag = handle_starttag


def _scheme(url):
    # Browsers ignore spaces and control characters inside a scheme, so this does too.
    match = SCHEME.match(re.sub(r"[\x00-\x20]", "", url or ""))
    return match[1].lower() if match else "https"  # a relative address stays on this site


@lru_cache(maxsize=1024)
def disallowed_html(text):
    """What in this Markdown the public page would not show: tags, attributes, links.

    An empty tuple for ordinary Markdown, whatever it contains.
    """
    if not text or ("<" not in text and ":" not in text):
        return ()
    checker = _HtmlCheck()
    checker.feed(markdown.markdown(text, extensions=["sane_lists"], output_format="html"))
    checker.close()
    return tuple(checker.found)


def neutralise(text):
    """The same Markdown with raw HTML, and then links if still needed, made plain text.

    For text that reaches the database without a form's checks (a shell, a script). Every
    character stays readable, so nothing staff wrote is lost; it only stops being markup.
    """
    if not disallowed_html(text):
        return text
    text = text.replace("<", "&lt;")
    if any(found.endswith(":") for found in disallowed_html(text)):
        # A link to a script can hide behind entities; escaping every link is certain.
        text = LINK_START.sub(lambda m: "]\\(" if m[0] == "](" else f"{m[1]}\\[", text)
    return text
