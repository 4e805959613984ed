"""Every public page renders in every language, with one <h1> and headings in order."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from offers.models import Service
from tests.conftest import LANGUAGE_CODES, page_status, page_types, page_url


def headings(html):
    soup = BeautifulSoup(html, "html.parser")
    return soup, [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("name", page_types())
def test_every_page_renders_with_one_h1_and_ordered_headings(client, demo_offer, name, language):
    response = client.get(page_url(language, name))
    assert response.status_code == page_status(name)
    soup, levels = headings(response.content.decode())
    assert levels.count(1) == 1, f"{name} has {levels.count(1)} <h1>"
    assert levels[0] == 1 or soup.find("h1").find_previous(["h2", "h3"]) is None
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{name}: heading jumps from h{before} to h{after}"
    html = soup.find("html")
    assert html["lang"] == language
    assert html["dir"] == ("rtl" if language in {"ar", "fa", "ps", "ckb"} else "ltr")
    # Alternates in <head>, and a switcher naming each language in its own script.
    alternates = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert alternates >= set(LANGUAGE_CODES)
    for link in soup.select(".languages a"):
        code = link["hreflang"]
        assert link["lang"] == code
        assert link.get_text() == translation.get_language_info(code)["name_local"]


def test_home_lists_the_six_areas_and_says_content_is_an_example(client, demo_offer):
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    links = {a["href"] for a in soup.select(".area-list a")}
    assert links == {
        f"/en/{slug}/"
        for slug in [
            "health-and-wellbeing",
            "relationships",
            "education-and-training",
            "employment",
            "accommodation",
            "participation-in-society",
        ]
    }
    assert "made up" in soup.select_one(".example-banner").get_text()


def test_area_page_separates_entitlements_from_extra_support(client, demo_offer):
    soup = BeautifulSoup(client.get("/en/accommodation/").content, "html.parser")
    statutory = {a.get_text() for a in soup.select(".kind-statutory .service-list a")}
    extra = {a.get_text() for a in soup.select(".kind-discretionary .service-list a")}
    services = Service.objects.published().filter(area__slug="accommodation")
    assert statutory == set(services.statutory().values_list("title", flat=True))
    assert extra == set(services.discretionary().values_list("title", flat=True))
    assert statutory and extra
    assert "Extra support from Ashbury Borough Council" in soup.get_text()


def test_service_page_says_what_who_how_much_whom_and_when(client, demo_offer):
    service = Service.objects.published().exclude(amount=None).exclude(contacts=None).first()
    text = BeautifulSoup(client.get(service.get_absolute_url()).content, "html.parser").get_text()
    for expected in [
        "What it is",
        "Who can get it",
        "How to get it",
        "Who to contact",
        "Last checked",
        service.amount_display(),
        service.contacts.first().name,
    ]:
        assert expected in text


def test_draft_and_archived_services_are_not_public(client, make_service):
    draft = make_service(status=Service.Status.DRAFT, title="Secret draft")
    archived = make_service(status=Service.Status.ARCHIVED, title="Old scheme")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(archived.get_absolute_url()).status_code == 404
    area_page = client.get(draft.area.get_absolute_url()).content.decode()
    assert "Secret draft" not in area_page and "Old scheme" not in area_page


@pytest.mark.parametrize(
    "path", ["/en/no-such-area/", "/en/accommodation/no-such-service/", "/xx/", "/en/a/b/c/"]
)
def test_wrong_addresses_get_a_helpful_404(client, demo_offer, path):
    # An address without a language is first sent to the reader's language.
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Go to the home page" in response.content


def test_500_page_needs_no_database(rf):
    from offers.errors import server_error

    response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content


@pytest.mark.parametrize(
    ("accept", "expected"), [("ar,en;q=0.5", "/ar/"), ("ti", "/ti/"), ("de", "/en/"), ("", "/en/")]
)
def test_root_redirects_to_the_best_language(client, db, accept, expected):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_language_switcher_keeps_you_on_the_same_page(client, demo_offer):
    soup = BeautifulSoup(client.get("/en/contacts/").content, "html.parser")
    links = {a["hreflang"]: a["href"] for a in soup.select(".languages a")}
    assert links["ar"] == "/ar/contacts/"
    assert links["ti"] == "/ti/contacts/"
    assert soup.select_one(".languages [aria-current]").get_text() == "English"


def test_post_is_refused_on_public_pages(client, demo_offer):
    assert client.post("/en/").status_code == 405


def test_healthz_robots_and_sitemap(client, demo_offer):
    assert client.get("/healthz").content == b"ok"
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ar/accommodation/" in sitemap and 'hreflang="ti"' in sitemap


def test_staff_markdown_is_sanitised_on_the_page(client, make_service):
    service = make_service()
    # Past the save-time check (see test_rich_text.py), to test the output on its own.
    unsafe = "Hello <script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    type(service).objects.filter(pk=service.pk).update(body_en=unsafe, body=unsafe)
    html = client.get(service.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "<strong>bold</strong>" in html
