"""axe-core in a real Chromium: no WCAG 2.0, 2.1 or 2.2 A/AA violations on any page type,
in any language, at phone and desktop width."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import LANGUAGE_CODES, page_status, page_types, page_url

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()


def violations(page):
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("name", page_types())
def test_no_axe_violations(live_server, demo_offer, phone, desktop, name, language):
    url = live_server.url + page_url(language, name)
    for page in (phone, desktop):
        response = page.goto(url)
        assert response.status == page_status(name)
        found = violations(page)
        width = page.viewport_size["width"]
        assert not found, f"{url} at {width}px:\n" + "\n".join(found)
