"""The yearly review: review dates, the review page, and what the law asks the offer to
cover, with the gaps."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from offers.models import LegalTopic, Service, a_year_after
from offers.roles import EDITORS


def test_a_review_is_due_a_year_after_the_last_check_unless_staff_choose(make_service):
    service = make_service(last_reviewed=datetime.date(2026, 3, 1))
    assert service.review_due == datetime.date(2027, 3, 1)
    service.last_reviewed = datetime.date(2026, 9, 1)
    service.save()
    assert service.review_due == datetime.date(2027, 9, 1)
    service.review_due = datetime.date(2027, 1, 31)  # chosen by staff
    service.save()
    service.last_reviewed = datetime.date(2026, 10, 1)
    service.save()
    assert service.review_due == datetime.date(2027, 1, 31)
    assert a_year_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


@pytest.fixture
def staff(demo_offer, django_user_model):
    user = django_user_model.objects.create_user("robin", password="pw-robin-123", is_staff=True)
    user.groups.set([Group.objects.get(name=EDITORS)])
    client = Client()
    client.force_login(user)
    return client


def review_page(client):
    response = client.get("/admin/review/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(page, heading_id):
    table = page.find(id=heading_id).find_next_sibling()
    return [th.a.get_text() for th in table.select("tbody th")] if table.name == "table" else []


def test_the_review_page_lists_overdue_and_soon(staff):
    today = datetime.date.today()
    late = Service.objects.published().get(slug="rent-guarantor")
    late.review_due = today - datetime.timedelta(days=1)
    late.save()
    soon = Service.objects.published().get(slug="free-bus-pass")
    soon.review_due = today + datetime.timedelta(days=30)
    soon.save()
    page = review_page(staff)
    assert late.title in titles(page, "overdue")
    assert soon.title in titles(page, "soon") and soon.title not in titles(page, "overdue")


def test_the_review_page_shows_translation_gaps_per_language(staff):
    from offers.translation_status import translation_status

    page = review_page(staff)
    rows = page.find(id="translations").find_next_sibling("table").select("tbody tr")
    expected = [(s.missing, s.stale) for s in translation_status()]
    assert [tuple(int(td.get_text()) for td in row.select("td")) for row in rows] == expected
    assert len(rows) == len(settings.LANGUAGES) - 1


def test_the_checklist_links_services_and_shows_gaps(staff):
    page = review_page(staff)
    rows = {row.th.get_text(): row for row in page.select("table.coverage tbody tr")}
    assert len(rows) == 6 + len(LegalTopic)
    custody = rows[str(LegalTopic.LEAVING_CUSTODY.label)]
    assert "gap" not in (custody.get("class") or [])
    assert {a.get_text() for a in custody.select("a")} == {
        s.title for s in Service.objects.published() if "leaving-custody" in s.topics
    }
    Service.objects.filter(slug__in=["support-in-custody", "leaving-custody-support"]).update(
        status=Service.Status.ARCHIVED
    )
    page = review_page(staff)
    rows = {row.th.get_text(): row for row in page.select("table.coverage tbody tr")}
    assert "gap" in rows[str(LegalTopic.LEAVING_CUSTODY.label)]["class"]
    assert "Gap" in rows[str(LegalTopic.LEAVING_CUSTODY.label)].get_text()


def test_the_review_page_is_for_staff_only(client, demo_offer):
    assert client.get("/admin/review/").status_code == 302  # to the sign-in page
