"""Page weight as served to a phone: HTML + CSS fit in one TCP round trip (14 KB
compressed) and everything a page loads stays under 100 KB."""

import pytest
from django.conf import settings

from tests.conftest import LANGUAGE_CODES, page_types, page_url

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
# A phone without the script's font downloads ours; Chromium here has Noto installed, so
# count the file as if it were downloaded.
FONT_FOR = {
    "ar": "noto-sans-arabic-subset.woff2",
    "fa": "noto-sans-arabic-subset.woff2",
    "ps": "noto-sans-arabic-subset.woff2",
    "ckb": "noto-sans-arabic-subset.woff2",
    "ti": "noto-sans-ethiopic-subset.woff2",
}

pytestmark = pytest.mark.browser

FIRST_ROUND_TRIP = 14 * 1024
EVERYTHING = 100 * 1024


def transferred(page, url):
    """Bytes on the wire (headers + encoded body) for each resource the page loads."""
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_load_state("load")
    sizes = []
    for request in finished:
        size = request.sizes()
        sizes.append(
            (request.resource_type, size["responseHeadersSize"] + size["responseBodySize"])
        )
    return sizes


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("name", page_types())
def test_page_weight(live_server, demo_offer, phone, name, language):
    url = live_server.url + page_url(language, name)
    sizes = transferred(phone, url)
    first = sum(size for kind, size in sizes if kind in {"document", "stylesheet"})
    total = sum(size for kind, size in sizes if kind != "font")
    if language in FONT_FOR:
        total += (FONT_DIR / FONT_FOR[language]).stat().st_size
    assert {kind for kind, _size in sizes} >= {"document", "stylesheet"}
    assert first <= FIRST_ROUND_TRIP, f"{url}: HTML + CSS is {first} bytes"
    assert total <= EVERYTHING, f"{url}: the page loads {total} bytes"


def test_html_and_css_are_served_compressed(live_server, demo_offer, phone):
    encodings = {}

    def record(response):
        encodings[response.request.resource_type] = response.headers.get("content-encoding")

    phone.on("response", record)
    phone.goto(live_server.url + "/en/")
    assert encodings["document"] == "gzip"
    assert encodings["stylesheet"] in {"gzip", "br"}
