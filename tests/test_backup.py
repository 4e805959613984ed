"""A complete copy of the offer as JSON (export_offer, import_offer): a backup that
restores exactly, moves an offer to another site, and refuses a file it cannot trust
without changing anything."""

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Revision

from offers.models import (
    Area,
    Contact,
    ContentVersion,
    Draft,
    EasyReadSentence,
    GlossaryTerm,
    OfferSettings,
    PublicChange,
    Service,
)


@pytest.fixture
def offer(demo_offer, staff_user):
    """The demo offer with a pending draft of a service and a "What changed" line."""
    service = Service.objects.published().get(slug="setting-up-home-allowance")
    Draft.propose(service, {"title_en": "Setting up home grant"}, staff_user)
    PublicChange.objects.create(
        revision=Revision.objects.create(date_created=timezone.now(), comment="Published"),
        kind=PublicChange.Kind.CHANGED,
        service=service,
        area=service.area,
        title_en="Setting up home allowance",
        title_ar="بدل تأسيس المنزل",
        summary_en="It is now £3,000.",
    )
    return service


def export():
    out = io.StringIO()
    call_command("export_offer", stdout=out)
    return out.getvalue()


def same_offer(one, other):
    """Two exports hold the same offer: equal but for when they were made."""
    when = re.compile(r'^  "exported_at": .*$', re.MULTILINE)
    return when.sub("", one) == when.sub("", other)


def restore(path, **options):
    out = io.StringIO()
    call_command("import_offer", str(path), stdout=out, **options)
    return out.getvalue()


def saved(tmp_path, text, name="offer.json"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def page_heading(client, service):
    response = client.get(f"/ar/{service.area.slug}/{service.slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("h1").get_text(strip=True)


def test_two_exports_of_the_same_offer_are_identical_but_for_the_time(offer, tmp_path):
    text = export()
    call_command("export_offer", output=str(tmp_path / "offer.json"), stderr=io.StringIO())
    assert same_offer(text, (tmp_path / "offer.json").read_text(encoding="utf-8"))
    data = json.loads(text)
    assert data["schema"] == "localoffer-offer" and data["schema_version"] == 2
    assert data["languages"] == ["en", "ar", "fa", "ps", "ckb", "ti"]
    service = next(row for row in data["objects"]["offers.service"] if row["pk"] == offer.pk)
    assert service["fields"]["title_ar"] == offer.title_ar and "title" not in service["fields"]
    assert service["fields"]["translation_sources"] == offer.translation_sources
    assert service["fields"]["contacts"] == sorted(c.pk for c in offer.contacts.all())
    assert offer.title_ar in text  # written as itself, not as \\u escapes
    for left_out in ("auth.user", "offers.feedback", "offers.contentversion"):
        assert left_out not in data["objects"]


def test_a_restore_puts_back_every_text_and_moves_the_content_version_on_once(
    client, offer, tmp_path
):
    backup = saved(tmp_path, export())
    original = offer.title_ar
    Service.objects.filter(pk=offer.pk).update(title_ar="عنوان آخر")
    assert page_heading(client, offer) == "عنوان آخر"
    GlossaryTerm.objects.create(slug="new-word", term="New word", definition="A new word.")
    Contact.objects.create(slug="unused", name="Unused team", phone="01632 960999")
    version = ContentVersion.current()

    summary = restore(backup)

    assert f"services: {Service.objects.count()}" in summary
    assert same_offer(export(), backup.read_text(encoding="utf-8"))
    assert ContentVersion.current() == version + 1
    assert page_heading(client, offer) == original


def test_a_copy_moves_an_offer_into_a_site_without_one(client, offer, tmp_path):
    backup = saved(tmp_path, export())
    for model in (Draft, PublicChange, EasyReadSentence, Service, GlossaryTerm, OfferSettings):
        model.objects.all().delete()
    Contact.objects.all().delete()  # once nothing protects them
    Area.objects.update(title_ar="", introduction_en="")

    restore(backup)

    assert same_offer(export(), backup.read_text(encoding="utf-8"))
    assert page_heading(client, offer) == offer.title_ar


def test_drafts_and_public_changes_survive_without_their_history(offer, staff_user, tmp_path):
    data = json.loads(export())
    (draft,) = data["objects"]["offers.draft"]
    assert draft["fields"]["content_type"] == "offers.service"
    assert draft["fields"]["author"] == "sam" and draft["fields"]["decided_by"] is None
    (change,) = data["objects"]["offers.publicchange"]
    assert "revision" not in change["fields"] and change["fields"]["title_ar"]
    backup = saved(tmp_path, json.dumps(data))
    Draft.objects.all().delete()
    PublicChange.objects.all().delete()

    restore(backup)

    draft = Draft.objects.pending().get()
    assert draft.item == offer and draft.author == staff_user
    assert draft.values == {"title_en": "Setting up home grant"}
    change = PublicChange.objects.get()
    assert change.revision is None and change.service == offer
    assert change.title_ar == "بدل تأسيس المنزل"


def test_a_draft_by_someone_this_site_does_not_know_keeps_no_author(offer, staff_user, tmp_path):
    backup = saved(tmp_path, export())
    staff_user.username = "someone-else"
    staff_user.save()
    restore(backup)
    assert Draft.objects.get().author is None


def test_later_additions_do_not_collide_with_the_keys_the_file_brought(offer, tmp_path):
    data = json.loads(export())
    data["objects"]["offers.glossaryterm"][0]["pk"] = 1000
    restore(saved(tmp_path, json.dumps(data)))
    added = GlossaryTerm.objects.create(slug="later", term="Later", definition="Added later.")
    assert added.pk > 1000


def edited(change):
    """A copy of the current offer, changed by `change(data)`."""

    def make():
        data = json.loads(export())
        change(data)
        return json.dumps(data)

    return make


def first(data, label):
    return data["objects"][label][0]["fields"]


def service_row(data):
    return data["objects"]["offers.service"][0]


REFUSALS = {
    "not JSON": (lambda: "{not json", "not a JSON file"),
    "another schema": (
        edited(lambda d: d.update(schema="something-else")),
        "not a copy of an offer",
    ),
    "a newer version": (
        edited(lambda d: d.update(schema_version=3)),
        "Schema version 3 is unknown: this site reads 1, 2",
    ),
    "other languages": (
        edited(lambda d: d.update(languages=["en", "ar", "fa", "ps", "ckb", "ti", "so"])),
        "makemigrations and migrate add their columns",
    ),
    "an unknown kind of content": (
        edited(lambda d: d["objects"].update({"offers.feedback": []})),
        "Unknown kinds of content: offers.feedback",
    ),
    "a missing kind of content": (
        edited(lambda d: d["objects"].pop("offers.contact")),
        "missing: offers.contact",
    ),
    "an unknown field": (
        edited(lambda d: first(d, "offers.service").update(colour="red")),
        "unknown fields colour",
    ),
    "a value of the wrong type": (
        edited(lambda d: first(d, "offers.service").update(amount="lots")),
        ", amount: “lots” value must be a decimal number.",
    ),
    "an unknown picture": (
        edited(lambda d: first(d, "offers.easyreadsentence").update(picture="unicorn")),
        "picture: Value 'unicorn' is not a valid choice.",
    ),
    "a row the model refuses": (
        edited(lambda d: first(d, "offers.service").update(min_age=20, max_age=18)),
        "max_age: The upper age must not be below the lower age.",
    ),
    "an unknown care leaver status": (
        edited(lambda d: first(d, "offers.service").update(statuses=["orphan"])),
        "statuses: Unknown choice: orphan",
    ),
    "a service in an area not in the file": (
        edited(lambda d: first(d, "offers.service").update(area=99)),
        "area: points at offers.area 99, which is not in the file.",
    ),
    "a contact not in the file": (
        edited(lambda d: first(d, "offers.service").update(contacts=[999])),
        "contacts: points at offers.contact 999, which is not in the file.",
    ),
    "a draft of a service not in the file": (
        edited(lambda d: first(d, "offers.draft").update(object_id=999)),
        "object_id: points at offers.service 999, which is not in the file.",
    ),
    "a draft of something that is not content": (
        edited(lambda d: first(d, "offers.draft").update(content_type="auth.user")),
        "content_type: 'auth.user' is not a kind of content in a file.",
    ),
    "the same key twice": (
        edited(lambda d: d["objects"]["offers.contact"].append(d["objects"]["offers.contact"][0])),
        "offers.contact: the same pk is on more than one row.",
    ),
    "an area missing": (
        edited(lambda d: d["objects"]["offers.area"].pop()),
        "The six areas are set by law",
    ),
    "a row without a key": (
        edited(lambda d: service_row(d).pop("pk")),
        "offers.service: each row needs a pk and its fields.",
    ),
}


@pytest.mark.parametrize("name", REFUSALS)
def test_a_file_that_cannot_be_trusted_is_refused_and_changes_nothing(name, offer, tmp_path):
    make, message = REFUSALS[name]
    path = saved(tmp_path, make())
    before, version = export(), ContentVersion.current()
    with pytest.raises(CommandError, match=re.escape(message)) as refused:
        restore(path)
    assert "nothing was imported" in str(refused.value)
    assert refused.value.returncode != 0
    assert same_offer(export(), before) and ContentVersion.current() == version


def test_a_file_the_database_refuses_changes_nothing(offer, tmp_path):
    data = json.loads(export())
    contacts = data["objects"]["offers.contact"]
    contacts[1]["fields"]["slug"] = contacts[0]["fields"]["slug"]
    path = saved(tmp_path, json.dumps(data))
    before = export()
    with pytest.raises(CommandError, match="The database refused the file"):
        restore(path)
    assert same_offer(export(), before)


def test_a_dry_run_checks_the_file_and_changes_nothing(offer, tmp_path):
    backup = saved(tmp_path, export())
    GlossaryTerm.objects.create(slug="new-word", term="New word", definition="A new word.")
    before = export()
    assert "nothing changed" in restore(backup, dry_run=True)
    assert same_offer(export(), before)


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        restore(tmp_path / "nowhere.json")
