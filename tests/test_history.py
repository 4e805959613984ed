"""Nothing staff type is lost: every save is kept, readable as "what changed", can be
restored, deleted items can be recovered, and a save that would overwrite a colleague's
is refused with their changes shown and the staff_user's own text kept."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from reversion.models import Version

from offers.models import Area, EasyReadSentence, Service
from offers.translation_io import export_po, plan_import
from tests.conftest import admin_change_url, admin_form_data, signed_in


@pytest.fixture
def colleague(db, django_user_model):
    return django_user_model.objects.create_superuser("alex", "alex@example.org", "pw-alex-123")


@pytest.fixture
def service(demo_offer):
    return Service.objects.published().get(slug="setting-up-home-allowance")


def save(client, url, **changes):
    data = admin_form_data(client, url)
    data.update(changes)
    return client.post(url, data)


def test_opening_an_item_keeps_how_it_was_and_every_save_is_a_version(staff_user, service):
    client = signed_in(staff_user)
    original = service.title_en
    client.get(admin_change_url(service))
    assert Version.objects.get_for_object(service).count() == 1  # the baseline
    response = save(client, admin_change_url(service), title_en="Money to set up your first home")
    assert response.status_code == 302
    versions = list(Version.objects.get_for_object(service))
    assert len(versions) == 2
    assert versions[0].revision.user == staff_user

    history = BeautifulSoup(
        client.get(admin_change_url(service)[:-7] + "history/").content, "html.parser"
    )
    rows = history.select("#change-history tbody tr")
    assert len(rows) == 2 and "sam" in rows[0].get_text()

    changes = client.get(rows[0].select_one('a[href$="/changes/"]')["href"])
    page = BeautifulSoup(changes.content, "html.parser")
    (row,) = page.select("table.changes tbody tr")
    assert row.th.get_text() == "Title"
    assert row.select("del") and row.select("ins")
    assert as_before(row.td) == original
    assert as_after(row.td) == "Money to set up your first home"


def as_before(cell):
    """The text of a diff with the insertions taken out: what it said before."""
    cell = BeautifulSoup(str(cell), "html.parser")
    for tag in cell.select("ins"):
        tag.decompose()
    return cell.get_text()


def as_after(cell):
    cell = BeautifulSoup(str(cell), "html.parser")
    for tag in cell.select("del"):
        tag.decompose()
    return cell.get_text()


def test_a_change_in_another_language_is_named_with_its_language(staff_user, service):
    client = signed_in(staff_user)
    client.get(admin_change_url(service))
    save(client, admin_change_url(service), summary_ar="ملخص جديد للخدمة.")
    latest = Version.objects.get_for_object(service).first()
    page = BeautifulSoup(
        client.get(f"{admin_change_url(service)[:-7]}history/{latest.pk}/changes/").content,
        "html.parser",
    )
    labels = [th.get_text() for th in page.select("table.changes tbody th")]
    assert labels == ["Summary (Arabic)"]


def test_an_earlier_version_can_be_restored_and_is_public_at_once(staff_user, service):
    client = signed_in(staff_user)
    original = service.title_en
    client.get(admin_change_url(service))
    baseline = Version.objects.get_for_object(service).get()
    save(client, admin_change_url(service), title_en="A title nobody wanted")
    assert "A title nobody wanted" in Client().get(service.get_absolute_url()).content.decode()

    restore = f"{admin_change_url(service)[:-7]}history/{baseline.pk}/"
    data = admin_form_data(client, restore)
    assert data["title_en"] == original
    assert client.post(restore, data).status_code == 302
    service.refresh_from_db()
    assert service.title_en == original
    assert original in Client().get(service.get_absolute_url()).content.decode()
    assert Version.objects.get_for_object(service).count() == 3


def test_a_deleted_service_is_recovered_with_its_easy_read(staff_user, service):
    client = signed_in(staff_user)
    original = service.title_en
    client.get(admin_change_url(service))
    sentences = list(service.easy_read.values_list("text_en", flat=True))
    assert sentences
    delete = admin_change_url(service).replace("/change/", "/delete/")
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()

    recover_list = client.get("/admin/offers/service/recover/")
    rows = BeautifulSoup(recover_list.content, "html.parser").select("#content tbody tr")
    (row,) = [row for row in rows if original in row.get_text()]
    link = row.a
    data = admin_form_data(client, link["href"])
    assert client.post(link["href"], data).status_code == 302
    recovered = Service.objects.get(pk=service.pk)
    assert list(recovered.easy_read.values_list("text_en", flat=True)) == sentences
    assert recovered.title_en == original


def test_a_second_save_over_a_colleagues_is_refused_and_keeps_the_editors_text(
    staff_user, colleague, service
):
    mine, theirs = signed_in(staff_user), signed_in(colleague)
    url = admin_change_url(service)
    my_form = admin_form_data(mine, url)
    their_form = admin_form_data(theirs, url)

    their_form["title_en"] = "Home set-up grant"
    assert theirs.post(url, their_form).status_code == 302

    my_form["summary_en"] = "Money for a bed, a cooker and pans."
    refused = mine.post(url, my_form)
    assert refused.status_code == 200  # the form again, nothing saved
    service.refresh_from_db()
    assert service.title_en == "Home set-up grant"
    assert service.summary_en != "Money for a bed, a cooker and pans."
    page = BeautifulSoup(refused.content, "html.parser")
    conflict = page.select_one(".edit-conflict")
    assert "alex" in conflict.h2.get_text()
    (change,) = conflict.select("table.changes tbody tr")
    assert as_after(change.td) == "Home set-up grant"
    assert "after you opened it" in page.select_one(".errornote, .errorlist").parent.get_text()
    # The staff_user's own words are still in the form, to merge.
    box = page.select_one("#id_summary_en")
    assert (box.get("value") or box.get_text()) == "Money for a bed, a cooker and pans."

    # They merge (keeping their colleague's title) and save: now it goes through.
    my_form["title_en"] = "Home set-up grant"
    my_form["seen_version"] = page.select_one('input[name="seen_version"]')["value"]
    assert mine.post(url, my_form).status_code == 302
    service.refresh_from_db()
    assert service.title_en == "Home set-up grant"
    assert service.summary_en == "Money for a bed, a cooker and pans."


def test_a_save_without_knowing_the_version_is_refused(staff_user, service):
    client = signed_in(staff_user)
    data = admin_form_data(client, admin_change_url(service))
    del data["seen_version"]
    assert client.post(admin_change_url(service), data).status_code == 200


def test_the_same_protection_covers_areas_and_their_easy_read(staff_user, colleague, demo_offer):
    area = Area.objects.get(slug="employment")
    mine, theirs = signed_in(staff_user), signed_in(colleague)
    my_form = admin_form_data(mine, admin_change_url(area))
    assert (
        save(theirs, admin_change_url(area), summary_en="Work, and help to find it.").status_code
        == 302
    )
    my_form["title_en"] = "Jobs"
    assert mine.post(admin_change_url(area), my_form).status_code == 200
    area.refresh_from_db()
    assert area.title_en == "Employment"


def test_an_imported_translation_file_is_one_revision_that_can_be_undone(staff_user, demo_offer):
    sentence = EasyReadSentence.objects.filter(area__slug="employment").first()
    po = export_po("ti")
    entry = next(e for e in po if e.msgid == sentence.text_en)
    entry.msgstr = "ሓድሽ ትርጉም።"
    entry.flags = []
    before = sentence.text_ti
    plan_import(str(po), "ti").apply(user=staff_user)
    versions = list(Version.objects.get_for_object(sentence))
    assert len(versions) == 2  # how it was, then the import
    assert versions[0].revision.user == staff_user
    assert "Translations imported (ti)" in versions[0].revision.get_comment()
    assert versions[1].field_dict["text_ti"] == before
