"""Drafts are never public; staff preview any page as it will look, with a banner."""

import pytest
from bs4 import BeautifulSoup

from offers.models import Area, Service


@pytest.fixture
def draft(demo_offer, make_service):
    return make_service(
        area=Area.objects.get(slug="accommodation"),
        title="Help with a first phone contract",
        slug="first-phone-contract",
        status=Service.Status.DRAFT,
    )


def test_the_public_never_sees_a_draft(client, draft):
    area = "/en/accommodation/"
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url() + "?preview=1").status_code == 404
    assert draft.title not in client.get(area).content.decode()
    assert draft.title not in client.get(area + "?preview=1").content.decode()
    assert draft.title not in client.get("/en/easy-read/accommodation/?preview=1").content.decode()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_preview_a_draft_and_the_pages_that_list_it(client, staff, draft, language):
    client.get(f"/{language}/accommodation/")  # a public copy is now in the page cache
    for url in (
        f"/{language}/accommodation/{draft.slug}/",
        f"/{language}/accommodation/",
        f"/{language}/easy-read/accommodation/",
    ):
        response = staff.get(url + "?preview=1")
        assert response.status_code == 200, url
        page = BeautifulSoup(response.content, "html.parser")
        assert page.select_one(".preview-banner"), url
        assert draft.title in page.get_text(), url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Without asking for a preview, staff see what the public sees.
    assert staff.get(f"/{language}/accommodation/{draft.slug}/").status_code == 404


def test_an_archived_service_is_not_in_a_preview(staff, draft):
    draft.status = Service.Status.ARCHIVED
    draft.save()
    assert staff.get(draft.get_absolute_url() + "?preview=1").status_code == 404


def test_the_staff_area_links_a_draft_to_its_preview(staff, draft):
    page = BeautifulSoup(
        staff.get(f"/admin/offers/service/{draft.pk}/change/").content, "html.parser"
    )
    link = page.select_one("a.viewsitelink")["href"]
    assert link == f"{draft.get_absolute_url()}?preview=1"
    assert BeautifulSoup(staff.get(link).content, "html.parser").select_one(".preview-banner")
