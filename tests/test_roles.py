"""The three staff roles, made by a migration, enforced in the staff area for each role."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from offers.models import Area, Contact, Draft, Service
from offers.roles import ADMINISTRATORS, EDITORS, PUBLISHERS
from offers.translation_io import export_po
from tests.conftest import admin_change_url, admin_form_data, member


@pytest.fixture
def administrator(demo_offer, django_user_model):
    return member(django_user_model, ADMINISTRATORS)


def published():
    return Service.objects.published().get(slug="setting-up-home-allowance")


def new_service(client, status):
    data = admin_form_data(client, "/admin/offers/service/add/")
    area = Area.objects.get(slug="accommodation")
    data.update(
        area=area.pk,
        kind=Service.Kind.DISCRETIONARY,
        status=status,
        title_en="Help with a first phone contract",
        slug="first-phone-contract",
        summary_en="We can be your guarantor for a phone contract.",
        body_en="Some phone companies ask for a guarantor. We can be yours.",
        statuses=["relevant", "former_relevant"],
        last_reviewed="2026-11-01",
        min_age=18,
        max_age=25,
    )
    return client.post("/admin/offers/service/add/", data)


def test_the_migration_makes_the_three_roles(db):
    def codes(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert "publish_service" not in codes(EDITORS)
    assert {"add_service", "change_service", "view_contact"} <= codes(EDITORS)
    assert "change_contact" not in codes(EDITORS) and "delete_service" not in codes(EDITORS)
    assert {"publish_service", "change_area", "change_contact"} <= codes(PUBLISHERS)
    assert "change_user" not in codes(PUBLISHERS)
    assert codes(PUBLISHERS) < codes(ADMINISTRATORS)
    assert {"add_user", "change_user", "change_group"} <= codes(ADMINISTRATORS)


def test_an_editor_writes_drafts_and_cannot_publish(editor):
    form = BeautifulSoup(editor.get("/admin/offers/service/add/").content, "html.parser")
    assert [o["value"] for o in form.select("#id_status option")] == ["draft"]
    assert new_service(editor, Service.Status.PUBLISHED).status_code == 200  # refused
    assert not Service.objects.filter(slug="first-phone-contract").exists()
    assert new_service(editor, Service.Status.DRAFT).status_code == 302
    draft = Service.objects.get(slug="first-phone-contract")
    assert draft.status == Service.Status.DRAFT
    # Their draft stays theirs to change, and stays a draft.
    data = admin_form_data(editor, admin_change_url(draft))
    data["summary_en"] = "We can be your guarantor for a phone contract, up to 25."
    assert editor.post(admin_change_url(draft), data).status_code == 302


def test_an_editor_only_drafts_changes_to_what_is_public(editor):
    service = published()
    data = admin_form_data(editor, admin_change_url(service))
    assert "status" not in data  # publishing or archiving is not theirs
    data["title_en"] = "Changed by an editor"
    assert editor.post(admin_change_url(service), data).status_code == 302
    service.refresh_from_db()
    assert service.title_en != "Changed by an editor"  # a draft, not live
    assert Draft.objects.pending_for(service).values == {"title_en": "Changed by an editor"}
    delete = admin_change_url(service).replace("change", "delete")
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    listing = BeautifulSoup(editor.get("/admin/offers/service/").content, "html.parser")
    assert not listing.select('input[name$="-order"]')
    assert editor.get("/admin/offers/service/recover/1/").status_code in (403, 302)


def test_an_editor_cannot_change_archived_services_or_contacts(editor):
    service = published()
    Service.objects.filter(pk=service.pk).update(status=Service.Status.ARCHIVED)
    assert editor.post(admin_change_url(service), {"title_en": "x"}).status_code == 403
    contact = Contact.objects.first()
    assert editor.get(admin_change_url(contact)).status_code == 200
    assert editor.post(admin_change_url(contact), {}).status_code == 403
    assert not Draft.objects.exists()


def test_an_editor_can_check_translations_but_not_import_them(editor):
    assert editor.get("/admin/translations/").status_code == 200
    upload = SimpleUploadedFile("ar.po", str(export_po("ar")).encode())
    response = editor.post("/admin/translations/upload/", {"language": "ar", "file": upload})
    assert response.status_code == 403


def test_a_publisher_publishes_archives_and_edits_what_is_public(publisher):
    assert new_service(publisher, Service.Status.PUBLISHED).status_code == 302
    assert Service.objects.get(slug="first-phone-contract").status == Service.Status.PUBLISHED
    service = published()
    data = admin_form_data(publisher, admin_change_url(service))
    data["status"] = Service.Status.ARCHIVED
    assert publisher.post(admin_change_url(service), data).status_code == 302
    service.refresh_from_db()
    assert service.status == Service.Status.ARCHIVED
    area = Area.objects.get(slug="employment")
    data = admin_form_data(publisher, admin_change_url(area))
    data["summary_en"] = "Work, and help to find it."
    assert publisher.post(admin_change_url(area), data).status_code == 302
    upload = SimpleUploadedFile("ar.po", str(export_po("ar")).encode())
    response = publisher.post("/admin/translations/upload/", {"language": "ar", "file": upload})
    assert response.status_code == 200
    assert publisher.get("/admin/auth/user/").status_code == 403


def test_only_administrators_manage_staff_accounts(administrator, editor):
    assert administrator.get("/admin/auth/user/").status_code == 200
    assert administrator.get("/admin/auth/group/").status_code == 200
    assert editor.get("/admin/auth/user/").status_code == 403


def test_staff_with_no_role_can_change_nothing(demo_offer, django_user_model):
    nobody = member(django_user_model, "nobody")
    assert nobody.get(admin_change_url(published())).status_code == 403
    assert nobody.get("/admin/translations/").status_code == 403


def test_the_demo_has_an_account_for_each_role(db, django_user_model, settings):
    import io

    from django.core.management import CommandError, call_command

    # Accounts with a published password exist only in the demo.
    with pytest.raises(CommandError, match="demo only"):
        call_command("load_demo_offer", "--create-staff", stdout=io.StringIO())
    assert not django_user_model.objects.exists()
    settings.DEMO = True
    call_command("load_demo_offer", "--create-staff", stdout=io.StringIO())
    accounts = {user.username: user for user in django_user_model.objects.all()}
    assert accounts["demo"].is_superuser
    assert [g.name for g in accounts["demo-editor"].groups.all()] == [EDITORS]
    assert [g.name for g in accounts["demo-publisher"].groups.all()] == [PUBLISHERS]
    assert all(
        user.is_staff and user.check_password("demo-staff-only") for user in accounts.values()
    )
    assert not accounts["demo-editor"].has_perm("offers.publish_service")
