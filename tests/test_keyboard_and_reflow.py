"""Keyboard-only use with visible focus, reflow at 320 px, text zoomed to 200 %,
and every page reachable with JavaScript switched off."""

from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import translation

from offers.models import Service
from tests.conftest import LANGUAGE_CODES, page_names, page_types, page_url

pytestmark = pytest.mark.browser

# How an element looks with focus, compared with how it looks without it.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, checked: el.checked,
          text: el.textContent.trim().slice(0, 60),
          href: el.getAttribute('href'),
          style: [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor].join('|'),
          box: el.getBoundingClientRect().toJSON()};
}"""
UNFOCUSED_STYLE = """(el) => { el.blur(); const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor].join('|'); }"""


def tab_to(page, predicate, limit=80, key="Tab"):
    """Press Tab until the focused element matches; check focus is visible at every step."""
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUS_STYLE)
        if focused["tag"] == "BODY":
            continue
        handle = page.evaluate_handle("document.activeElement")
        unfocused = handle.evaluate(UNFOCUSED_STYLE)
        handle.evaluate("el => el.focus()")
        assert focused["style"] != unfocused, f"focus is invisible on {focused}"
        assert focused["box"]["width"] > 0 and focused["box"]["height"] > 0
        if predicate(focused):
            return focused
    raise AssertionError("never reached the element with the keyboard")


def test_keyboard_journey_from_home_to_a_service(live_server, demo_offer, desktop):
    page = desktop
    page.goto(live_server.url + "/en/")
    tab_to(page, lambda f: f["href"] == "/en/accommodation/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/accommodation/")
    first_service = Service.objects.published().filter(area__slug="accommodation").first()
    tab_to(page, lambda f: f["href"] == first_service.get_absolute_url())
    # Shift+Tab goes back through the page, with focus still visible.
    tab_to(page, lambda f: f["href"] == "/en/", key="Shift+Tab")
    tab_to(page, lambda f: f["href"] == first_service.get_absolute_url())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{first_service.get_absolute_url()}")
    assert page.locator("h1").inner_text() == first_service.title


def test_keyboard_journey_to_a_booklet_made_for_one_young_person(
    live_server, demo_offer, desktop, settings, tmp_path
):
    """An adviser on the Arabic site makes an easy-read A5 booklet without one area,
    with the keyboard alone, and gets that PDF."""
    from offers.models import Area

    settings.MEDIA_ROOT = tmp_path
    page = desktop
    page.goto(live_server.url + "/ar/")
    tab_to(page, lambda f: f["href"] == "/ar/booklet/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/booklet/")
    tab_to(page, lambda f: f["id"] == "id_variant_0")
    page.keyboard.press("ArrowDown")  # a radio group moves with the arrow keys
    assert page.evaluate(FOCUS_STYLE)["id"] == "id_variant_1"
    tab_to(page, lambda f: f["id"] == "id_size_0")
    page.keyboard.press("ArrowDown")
    areas = list(Area.objects.all())
    tab_to(page, lambda f: f["id"] == "id_area_0")
    page.keyboard.press("Space")
    assert page.evaluate(FOCUS_STYLE)["checked"] is False
    tab_to(page, lambda f: f["tag"] == "BUTTON")
    with page.expect_response(lambda r: "booklet.pdf" in r.url, timeout=90_000) as answer:
        page.keyboard.press("Enter")
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "/ar/easy-read/booklet.pdf?size=a5" in response.url
    assert f"area={areas[0].slug}" not in response.url and f"area={areas[1].slug}" in response.url
    (made,) = tmp_path.rglob("*.pdf")
    from tests.test_booklets import outline_titles

    _reader, chapters = outline_titles(made)
    with translation.override("ar"):
        assert areas[1].title in chapters and areas[0].title not in chapters


@pytest.mark.parametrize("language", ["en", "ar", "ti"])
@pytest.mark.parametrize("name", page_types())
def test_reflow_at_320_and_text_at_200_percent(live_server, demo_offer, browser, name, language):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    url = live_server.url + page_url(language, name)
    page.goto(url)
    sideways = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(sideways) <= 0, f"{url} scrolls sideways at 320px"
    page.set_viewport_size({"width": 1280, "height": 800})
    # As a reader's text-size setting would; a <style> tag would break the site's CSP.
    page.evaluate("document.documentElement.style.setProperty('font-size', '200%', 'important')")
    assert page.evaluate(sideways) <= 0, f"{url} scrolls sideways with text at 200%"
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(el => {
            const s = getComputedStyle(el);
            return (s.overflowX === 'hidden' || s.overflowY === 'hidden')
              && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
          }).map(el => el.tagName + '.' + el.className)"""
    )
    assert not clipped, f"{url}: text cut off at 200%: {clipped}"
    context.close()


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_page_type_is_reachable_without_javascript(
    live_server, demo_offer, no_script_phone, language
):
    """Follow links from the home page, with JavaScript off, until every page type is met."""
    from django.urls import resolve
    from django.utils import translation

    page = no_script_phone
    start = live_server.url + page_url(language, "offers:home")
    queue, seen, reached = [start], {start}, set()
    while queue and reached != set(page_names()):
        url = queue.pop(0)
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("h1").count() == 1, url
        assert page.locator("main").inner_text().strip(), f"{url} shows nothing"
        with translation.override(language):
            match = resolve(urlsplit(url).path)
        reached.add(f"{match.namespace}:{match.url_name}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            href = urljoin(url, href).split("#")[0]
            if urlsplit(href).path.endswith(".pdf"):
                continue  # booklets are read back in test_booklets, not crawled
            if href.startswith(live_server.url + f"/{language}/") and href not in seen:
                seen.add(href)
                queue.append(href)
    assert reached == set(page_names())
