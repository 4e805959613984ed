"""The "What changed" page: what publishers made public, took down or changed in the last
12 months, in plain words, with their one line for young people."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone, translation
from reversion.models import Version

from offers.models import Area, PublicChange, Service
from tests.conftest import admin_change_url, admin_form_data


@pytest.fixture
def publisher(demo_offer, staff):
    return staff


def entries(language="en"):
    page = BeautifulSoup(Client().get(f"/{language}/changes/").content, "html.parser")
    return [" ".join(li.get_text(" ").split()) for li in page.select("ul.changes > li")]


def test_publishing_a_draft_with_a_summary_shows_as_new(publisher, make_service):
    draft = make_service(title="Help with a first phone contract", status=Service.Status.DRAFT)
    assert entries() == []
    data = admin_form_data(publisher, admin_change_url(draft))
    data["status"] = Service.Status.PUBLISHED
    data["public_summary"] = "We can now be your guarantor for a phone contract."
    assert publisher.post(admin_change_url(draft), data).status_code == 302
    (entry,) = entries()
    assert "New" in entry and "Help with a first phone contract" in entry
    assert "We can now be your guarantor for a phone contract." in entry
    # It is part of the history: the revision of that save carries it.
    latest = Version.objects.get_for_object(draft).first()
    assert latest.revision.public_change.summary.startswith("We can now")


def test_changing_and_archiving_published_services_and_area_text(publisher):
    service = Service.objects.published().get(slug="free-bus-pass")
    data = admin_form_data(publisher, admin_change_url(service))
    data["summary_en"] = "Free bus travel in Ashbury until you are 25."
    publisher.post(admin_change_url(service), data)
    data = admin_form_data(publisher, admin_change_url(service))
    data["status"] = Service.Status.ARCHIVED
    publisher.post(admin_change_url(service), data)
    area = Area.objects.get(slug="employment")
    data = admin_form_data(publisher, admin_change_url(area))
    data["summary_en"] = "Work, and help to find it."
    publisher.post(admin_change_url(area), data)
    found = entries()
    assert len(found) == 3
    assert found[0].startswith(timezone.localdate().strftime("%-d")) and "Changed" in found[0]
    assert "Employment" in found[0]
    assert "No longer offered" in found[1] and "Free bus pass" in found[1]
    assert "Changed" in found[2] and "Free bus pass" in found[2]
    # An archived service has no page to link to any more.
    page = BeautifulSoup(Client().get("/en/changes/").content, "html.parser")
    assert not page.select(f'a[href="{service.get_absolute_url()}"]')
    # In Arabic: the kind of change in Arabic; the area's Arabic title; the archived
    # service, not linked, under the Arabic title it had when it was taken down.
    arabic = entries("ar")
    with translation.override("ar"):
        assert translation.gettext("No longer offered") in arabic[1]
        assert Area.objects.get(slug="employment").title in arabic[0]
    assert service.title_ar and service.title_ar in arabic[1]
    assert "Free bus pass" not in arabic[1]


def test_drafts_and_old_changes_are_not_listed(publisher, make_service):
    draft = make_service(title="Still a draft", status=Service.Status.DRAFT)
    data = admin_form_data(publisher, admin_change_url(draft))
    data["summary_en"] = "Not ready yet."
    publisher.post(admin_change_url(draft), data)
    PublicChange.objects.create(
        kind=PublicChange.Kind.NEW,
        title="Something from long ago",
        created=timezone.now() - datetime.timedelta(days=400),
    )
    assert entries() == []


def test_deleting_a_public_service_shows_it_is_no_longer_offered(publisher):
    service = Service.objects.published().get(slug="driving-lessons")
    delete = admin_change_url(service).replace("/change/", "/delete/")
    assert publisher.post(delete, {"post": "yes"}).status_code == 302
    (entry,) = entries()
    assert "No longer offered" in entry and service.title in entry
