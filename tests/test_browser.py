"""Pages in a real browser: readable at phone width, navigable without JavaScript."""

import pytest

from tests.browser import screenshot
from tests.conftest import page_names, url_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", page_names())
def test_pages_fit_a_phone_screen(live_server, demo_offer, phone, desktop, name, language):
    url = live_server.url + url_in(language, name)
    for page, width in [(phone, "360"), (desktop, "1280")]:
        response = page.goto(url)
        assert response.status == 200
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        assert page.locator("h1").count() == 1
        # The stylesheet loaded: the header has its brand colour.
        colour = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(15, 76, 92)"
        screenshot(page, f"{name.split(':')[1]}-{language}-{width}")


def test_right_to_left_pages_start_on_the_right(live_server, demo_offer, phone):
    phone.goto(live_server.url + "/ar/accommodation/")
    h1 = phone.locator("h1").bounding_box()
    crumbs = phone.locator(".breadcrumbs li").first.bounding_box()
    assert h1["x"] + h1["width"] > 300, "the heading should end at the right-hand edge"
    assert crumbs["x"] + crumbs["width"] > 300


def test_reading_and_navigating_without_javascript(live_server, demo_offer, no_script_phone):
    page = no_script_phone
    page.goto(live_server.url + "/en/")
    page.get_by_role("link", name="Accommodation").first.click()
    assert page.url.endswith("/en/accommodation/")
    page.locator(".service-list a").first.click()
    assert page.locator("h1").count() == 1
    assert "Who can get it" in page.content()
    page.locator(".languages a[hreflang=ar]").click()
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_skip_link_is_the_first_tab_stop_and_visible(live_server, demo_offer, desktop):
    desktop.goto(live_server.url + "/en/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert desktop.locator(".skip-link").bounding_box()["y"] >= 0
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("language", ["ar", "fa", "ps", "ckb"])
def test_layout_mirrors_in_every_right_to_left_language(live_server, demo_offer, phone, language):
    phone.goto(live_server.url + f"/{language}/accommodation/")
    width = phone.viewport_size["width"]

    def right_edge(selector):
        box = phone.locator(selector).first.bounding_box()
        return box["x"] + box["width"]

    # Headings, breadcrumbs and list items start at the right-hand edge.
    for selector in ["h1", ".breadcrumbs li", ".service-list h3 a", ".site-nav li"]:
        assert right_edge(selector) > width - 40, f"{selector} does not start on the right"
    # The first navigation item is the rightmost: the row runs right to left.
    items = phone.locator(".site-nav li")
    assert items.nth(0).bounding_box()["x"] > items.nth(1).bounding_box()["x"]
    # Phone numbers stay left to right inside right-to-left text.
    assert phone.locator(".help-now a.phone").get_attribute("dir") == "ltr"
    direction = phone.eval_on_selector(".help-now a.phone", "e => getComputedStyle(e).direction")
    assert direction == "ltr"


@pytest.mark.parametrize("language", ["ar", "ti"])
def test_script_renders_with_a_real_font(live_server, demo_offer, phone, language):
    """The page's own script has a font: no missing-glyph boxes."""
    phone.goto(live_server.url + f"/{language}/")
    phone.evaluate("document.fonts.ready")
    family = "Offer Arabic" if language == "ar" else "Offer Ethiopic"
    text = phone.locator("h1").inner_text()
    assert phone.evaluate(f"document.fonts.check('16px \"{family}\"', {text!r})")


def test_easy_read_text_is_at_least_a_quarter_larger(live_server, demo_offer, phone):
    phone.goto(live_server.url + "/en/accommodation/")
    normal = phone.eval_on_selector(
        ".lead + p, main p", "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    phone.goto(live_server.url + "/en/easy-read/accommodation/")
    easy = phone.eval_on_selector(
        ".easy-read-list p", "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    line = phone.eval_on_selector(
        ".easy-read-list p", "e => parseFloat(getComputedStyle(e).lineHeight)"
    )
    assert easy >= 1.25 * normal
    assert line >= 1.5 * easy
    picture = phone.locator(".easy-read-list img").first.bounding_box()
    text = phone.locator(".easy-read-list p").first.bounding_box()
    assert picture["width"] >= 48 and picture["x"] < text["x"]  # picture beside, before
