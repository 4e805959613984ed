"""Draft changes to what the public sees: an area's text, a published service. Kept
apart until a publisher publishes them; previewed by staff; never lost."""

import polib
import pytest
from bs4 import BeautifulSoup
from django.test import Client

from offers.models import Area, Contact, Draft, EasyReadSentence, PublicChange, Service
from offers.roles import EDITORS
from offers.translation_io import export_po, plan_import
from tests.conftest import admin_change_url, admin_form_data, member


@pytest.fixture
def service(demo_offer):
    return Service.objects.published().select_related("area").get(slug="setting-up-home-allowance")


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def propose(client, obj, **changes):
    data = admin_form_data(client, admin_change_url(obj))
    data.update(changes)
    return client.post(admin_change_url(obj), data)


def test_an_editors_change_waits_for_a_publisher_who_publishes_it(editor, publisher, service):
    url = service.get_absolute_url()
    before = service.summary_en
    client = Client()
    client.get(url)  # a public copy is now in the page cache
    response = propose(
        editor, service, summary_en="Up to £3,000 for your first home.", public_summary="More."
    )
    assert response.status_code == 302
    draft = Draft.objects.pending_for(service)
    assert draft.values == {
        "summary_en": "Up to £3,000 for your first home.",
        "public_summary": "More.",
    }
    # The public page is as it was; a preview shows the draft, under the banner.
    assert before in page_text(client, url).get_text()
    assert "Up to £3,000" not in page_text(client, url).get_text()
    preview = page_text(editor, url + "?preview=1")
    assert preview.select_one(".preview-banner") and "Up to £3,000" in preview.get_text()
    area_preview = page_text(publisher, service.area.get_absolute_url() + "?preview=1")
    assert "Up to £3,000" in area_preview.get_text()
    # The publisher's form opens with the draft, says what it changes, and publishes it.
    form = page_text(publisher, admin_change_url(service))
    assert form.select_one("#id_summary_en")["value"] == "Up to £3,000 for your first home."
    assert form.select_one("#id_public_summary")["value"] == "More."
    note = form.select_one(".draft-note")
    assert "editor" in note.get_text() and note.select_one("ins")
    assert [b["value"] for b in form.select(".submit-row input")][:2] == [
        "Publish",
        "Save as draft",
    ]
    data = admin_form_data(publisher, admin_change_url(service))
    data["public_summary"] = "The allowance is now explained in one line."
    assert publisher.post(admin_change_url(service), data).status_code == 302
    service.refresh_from_db()
    assert service.summary_en == "Up to £3,000 for your first home."
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PUBLISHED and draft.decided_by.username == "publishers"
    assert not Draft.objects.pending().exists()
    assert "Up to £3,000" in page_text(client, url).get_text()
    change = PublicChange.objects.get()
    assert change.summary == "The allowance is now explained in one line."
    assert change.revision is not None  # kept with the version it published


def test_an_editor_drafts_area_text_and_a_publisher_discards_it(editor, publisher):
    area = Area.objects.get(slug="employment")
    assert propose(editor, area, summary_en="Jobs, and help to get one.").status_code == 302
    assert Area.objects.get(pk=area.pk).summary_en == area.summary_en
    assert "Jobs, and help to get one." not in page_text(Client(), "/en/").get_text()
    assert "Jobs, and help to get one." in page_text(editor, "/en/?preview=1").get_text()
    assert "Jobs, and help to get one." not in page_text(editor, "/en/").get_text()
    discard = f"/admin/offers/area/{area.pk}/draft/discard/"
    assert publisher.get(discard).status_code == 405
    assert publisher.post(discard).status_code == 302
    draft = Draft.objects.get()
    assert draft.status == Draft.Status.DISCARDED  # kept, with its words
    assert draft.values == {"summary_en": "Jobs, and help to get one."}
    form = page_text(publisher, admin_change_url(area))
    assert form.select_one("#id_summary_en")["value"] == area.summary_en
    assert not form.select_one(".draft-note")


def test_only_the_author_or_a_publisher_may_discard(editor, django_user_model, service):
    propose(editor, service, title_en="A new title")
    other = member(django_user_model, EDITORS, "another-editor")
    discard = f"/admin/offers/service/{service.pk}/draft/discard/"
    assert other.post(discard).status_code == 403
    assert Draft.objects.pending_for(service)
    assert editor.post(discard).status_code == 302
    assert not Draft.objects.pending_for(service)


def test_a_publisher_may_save_a_draft_but_not_with_changes_to_easy_read(publisher, service):
    form = page_text(publisher, admin_change_url(service))
    assert [b["value"] for b in form.select(".submit-row input")][:2] == [
        "Save and publish",
        "Save as draft",
    ]
    data = admin_form_data(publisher, admin_change_url(service))
    data["body_en"] = service.body_en + "\n\nAsk us about second-hand furniture."
    first = EasyReadSentence.objects.filter(service=service).first()
    prefix = next(name for name in data if name.endswith("-0-id")).removesuffix("-0-id")
    data[f"{prefix}-0-text_en"] = "You can get money for your home."
    response = publisher.post(admin_change_url(service), {**data, "_save_draft": "1"})
    assert response.status_code == 200  # refused, with the reason, nothing saved
    assert "A draft keeps changes to the fields above only." in response.content.decode()
    assert not Draft.objects.exists()
    assert EasyReadSentence.objects.get(pk=first.pk).text_en == first.text_en
    data[f"{prefix}-0-text_en"] = first.text_en
    response = publisher.post(admin_change_url(service), {**data, "_save_draft": "1"})
    assert response.status_code == 302
    assert list(Draft.objects.pending_for(service).values) == ["body_en"]
    assert Service.objects.get(pk=service.pk).body_en == service.body_en


def test_two_editors_drafting_the_same_service(editor, django_user_model, service):
    other = member(django_user_model, EDITORS, "another-editor")
    first = admin_form_data(editor, admin_change_url(service))
    second = admin_form_data(other, admin_change_url(service))
    first["title_en"] = "Money for your first home"
    assert editor.post(admin_change_url(service), first).status_code == 302
    second["summary_en"] = "Money to set up your home."
    response = other.post(admin_change_url(service), second)
    assert response.status_code == 200  # refused: the other editor's draft is shown
    page = BeautifulSoup(response.content, "html.parser")
    conflict = page.select_one(".edit-conflict")
    assert "editor" in conflict.get_text()
    assert "Money for your first" in conflict.select_one("ins").get_text()
    assert page.select_one("#id_summary_en")["value"] == "Money to set up your home."
    # Merged, the second save goes through and replaces the first draft, which is kept.
    data = {
        field["name"]: field.get("value", "")
        for field in page.select("#service_form input[name]")
        if field.get("type") not in ("checkbox", "submit")
    }
    second.update(
        seen_version=data["seen_version"],
        title_en="Money for your first home",
        summary_en="Money to set up your home.",
    )
    assert other.post(admin_change_url(service), second).status_code == 302
    drafts = list(Draft.objects.order_by("pk"))
    assert [d.status for d in drafts] == [Draft.Status.REPLACED, Draft.Status.PENDING]
    assert drafts[1].values == {
        "title_en": "Money for your first home",
        "summary_en": "Money to set up your home.",
    }


def test_a_draft_of_the_contacts_shows_in_the_preview(editor, service, make_contact):
    contact = make_contact(name="Home set-up helpline", slug="home-set-up", phone="0100 000")
    data = admin_form_data(editor, admin_change_url(service))
    data["contacts"] = [*data.get("contacts", []), contact.pk]
    assert editor.post(admin_change_url(service), data).status_code == 302
    assert contact.pk in Draft.objects.pending_for(service).values["contacts"]
    url = service.get_absolute_url()
    assert "Home set-up helpline" in page_text(editor, url + "?preview=1").get_text()
    assert "Home set-up helpline" not in page_text(Client(), url).get_text()
    assert not Contact.objects.get(pk=contact.pk).services.exists()


def test_saving_what_is_already_published_leaves_no_draft(editor, service):
    assert propose(editor, service).status_code == 302
    assert not Draft.objects.exists()
    propose(editor, service, title_en="Another title")
    assert propose(editor, service, title_en=service.title_en).status_code == 302
    assert not Draft.objects.pending().exists()  # back as published: the draft is closed
    assert Draft.objects.get().status == Draft.Status.REPLACED


def test_the_line_for_what_changed_is_translated(publisher, service, client):
    data = admin_form_data(publisher, admin_change_url(service))
    data.update(summary_en="Up to £3,000.", public_summary="The amount is clearer.")
    publisher.post(admin_change_url(service), data)
    change = PublicChange.objects.get()
    po = export_po("ar")
    entry = po.find(f"change:{change.pk}:summary", by="msgctxt")
    assert entry.msgid == "The amount is clearer." and not entry.msgstr
    entry.msgstr = "صار المبلغ أوضح."
    plan = plan_import(str(po), "ar")
    plan.apply()
    page = page_text(client, "/ar/changes/")
    line = page.find(string="صار المبلغ أوضح.")
    assert line is not None and line.parent.get("lang") is None
    assert polib.pofile(str(export_po("ar"))).find(f"change:{change.pk}:summary", by="msgctxt")


def test_the_review_page_lists_drafts_waiting_for_a_publisher(editor, publisher, service):
    propose(editor, service, title_en="Money for your first home")
    page = page_text(publisher, "/admin/review/")
    waiting = page.find(id="drafts").find_next("ul")
    link = waiting.find("a", href=admin_change_url(service))
    assert link and link.get_text() == service.title_en
    assert "editors" in waiting.get_text()
    draft_list = page_text(publisher, "/admin/offers/draft/")
    assert service.title_en in draft_list.get_text()
    detail = page_text(publisher, f"/admin/offers/draft/{Draft.objects.get().pk}/change/")
    assert "Money for your first" in detail.select_one("ins").get_text()
