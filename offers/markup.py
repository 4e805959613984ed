"""Staff write Markdown; the public sees it as sanitised HTML.

Nothing staff type is trusted: Markdown may contain raw HTML, so the HTML it becomes is
cleaned against a short allow-list with nh3 before it is marked safe.
"""

import re
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"} | {
    f"h{level}" for level in range(2, 7)
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto", "tel"}
HEADING = re.compile(r"<(/?)h([1-6])\b")


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
