"""Content translations: fallback marking, stale detection, export and import for
translators (from the command line and the admin)."""

import polib
import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse

from offers.models import Area, Service, TranslatedContent
from offers.translation_io import TranslationFileError, export_po, plan_import


@pytest.fixture
def english_only(db):
    from offers.demo.loader import load_demo_offer

    load_demo_offer(languages=[])


def all_translations():
    """Every translated text in the database, to prove a failed import changed nothing."""
    from offers.translation_io import Kinds

    return {
        (type(obj).__name__, obj.pk, name, language): obj.text_in(name, language)
        for obj in Kinds.everything()
        for name in obj.translated_fields()
        for language in TranslatedContent.target_languages()
    }


def test_a_translation_goes_stale_when_the_english_changes(english_only):
    area = Area.objects.get(slug="accommodation")
    assert area.translation_state("title", "ar") == TranslatedContent.MISSING
    area.title_ar = "السكن"
    area.save()
    area = Area.objects.get(pk=area.pk)
    assert area.translation_state("title", "ar") == TranslatedContent.TRANSLATED
    area.title_en = "Housing"
    area.save()
    area = Area.objects.get(pk=area.pk)
    assert area.translation_state("title", "ar") == TranslatedContent.STALE
    assert area.translation_state("summary", "ar") == TranslatedContent.MISSING
    area.title_ar = "السكن والمنزل"
    area.save()
    assert Area.objects.get(pk=area.pk).translation_state("title", "ar") == "translated"


def test_untranslated_text_is_english_marked_and_announced(client, english_only):
    service = Service.objects.published().select_related("area").first()
    soup = BeautifulSoup(client.get("/ar" + service.get_absolute_url()[3:]).content, "html.parser")
    heading = soup.find("h1").find("span")
    assert heading["lang"] == "en" and heading["dir"] == "ltr"
    assert heading.get_text() == service.title_en
    assert soup.select_one(".untranslated-page")
    assert soup.select(".untranslated [lang=en]")
    service.title_ar = "عنوان بالعربية"
    service.save()
    soup = BeautifulSoup(client.get("/ar" + service.get_absolute_url()[3:]).content, "html.parser")
    assert soup.find("h1").get_text() == "عنوان بالعربية"


def test_english_pages_never_show_the_notice(client, english_only):
    html = client.get("/en/accommodation/").content.decode()
    assert "untranslated" not in html


def test_export_has_one_entry_per_english_text_and_marks_stale_ones_fuzzy(english_only):
    area = Area.objects.get(slug="employment")
    area.title_ar = "العمل"
    area.save()
    area.title_en = "Work"
    area.save()
    po = export_po("ar")
    expected = sum(
        1 for (_model, _pk, name, language), _text in all_translations().items() if language == "ar"
    )
    assert 0 < len(po) <= expected
    entry = po.find("Work", msgctxt="area:employment:title")
    assert entry.msgstr == "العمل" and entry.fuzzy
    assert po.metadata["Language"] == "ar"


def fill(po, text=lambda entry: f"AR {entry.msgid}"):
    for entry in po:
        entry.msgstr = text(entry)
        entry.flags = []
    return str(po)


def test_round_trip(english_only, tmp_path):
    po = export_po("ti")
    path = tmp_path / "ti.po"
    path.write_text(fill(po, lambda e: e.msgid.replace("Ashbury", "ኣሽበሪ")))
    call_command("import_translations", str(path))
    again = export_po("ti")
    assert {e.msgctxt: e.msgstr for e in again} == {e.msgctxt: e.msgstr for e in po}
    assert not any(e.fuzzy for e in again)
    status = {
        state
        for obj in Area.objects.all()
        for state in (obj.translation_state(f, "ti") for f in obj.translated_fields())
        if state
    }
    assert status == {TranslatedContent.TRANSLATED}


def test_dry_run_changes_nothing(english_only, tmp_path, capsys):
    path = tmp_path / "ar.po"
    path.write_text(fill(export_po("ar")))
    before = all_translations()
    call_command("import_translations", "--dry-run", str(path))
    assert "Would import" in capsys.readouterr().out
    assert all_translations() == before


def broken(entry_change):
    def make():
        po = export_po("ar")
        fill(po)
        entry_change(po)
        return str(po)

    return make


BROKEN_FILES = {
    "wrong language": broken(lambda po: po.metadata.update({"Language": "fa"})),
    "unknown item": broken(
        lambda po: po.append(
            polib.POEntry(msgctxt="service:accommodation/gone:title", msgid="Gone", msgstr="x")
        )
    ),
    "unknown field": broken(lambda po: setattr(po[0], "msgctxt", po[0].msgctxt + "x")),
    "broken link": broken(
        lambda po: (
            next(
                setattr(e, "msgstr", e.msgstr.replace("](https://", "](http://evil.example/"))
                for e in po
                if "](https://" in e.msgid
            )
            if any("](https://" in e.msgid for e in po)
            else po.append(polib.POEntry(msgctxt=po[0].msgctxt, msgid="x"))
        ),
    ),
    "markup": broken(lambda po: setattr(po[-1], "msgstr", "<script>alert(1)</script>")),
    "too long": broken(
        lambda po: setattr(next(e for e in po if e.msgctxt.endswith(":title")), "msgstr", "x" * 500)
    ),
    "duplicate": broken(
        lambda po: po.append(
            polib.POEntry(msgctxt=po[1].msgctxt, msgid=po[1].msgid, msgstr="again")
        )
    ),
}


@pytest.mark.parametrize("problem", BROKEN_FILES)
def test_a_broken_file_changes_nothing(english_only, tmp_path, problem):
    path = tmp_path / "broken.po"
    path.write_text(BROKEN_FILES[problem]())
    before = all_translations()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_translations", "--language", "ar", str(path))
    assert all_translations() == before


@pytest.mark.parametrize(
    "content", [b"\xff\xfe not utf-8", b'msgid "unterminated\n', b"x" * (3 * 1024 * 1024)]
)
def test_unreadable_files_are_refused_clearly(english_only, content):
    with pytest.raises(TranslationFileError):
        plan_import(content, "ar")


def test_english_cannot_be_imported_over(english_only):
    with pytest.raises(TranslationFileError):
        export_po("en")


def test_fuzzy_entries_are_left_out_and_old_english_stays_stale(english_only):
    po = export_po("ar")
    fill(po)
    po[0].flags = ["fuzzy"]
    title = next(e for e in po if e.msgctxt == "area:accommodation:title")
    title.msgid = "Older English title"
    plan = plan_import(str(po), "ar")
    assert plan.skipped_fuzzy == 1
    assert "area:accommodation:title" in plan.outdated_source
    plan.apply()
    area = Area.objects.get(slug="accommodation")
    assert area.title_ar == title.msgstr
    assert area.translation_state("title", "ar") == TranslatedContent.STALE


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("translator", "t@example.org", "pw")
    client.force_login(user)
    return client


def test_admin_status_download_upload_preview_and_apply(staff, english_only):
    page = staff.get(reverse("admin:translation_status"))
    assert page.status_code == 200
    arabic = next(lang for lang in page.context["languages"] if lang.code == "ar")
    assert arabic.translated == 0 and arabic.missing > 0 and arabic.items
    download = staff.get(reverse("admin:translation_download"), {"language": "ar"})
    assert download["Content-Disposition"].endswith('local-offer-ar.po"')
    po = polib.pofile(download.content.decode())
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("ar.po", fill(po).encode())
    before = all_translations()
    preview = staff.post(reverse("admin:translation_upload"), {"language": "ar", "file": upload})
    assert preview.status_code == 200
    assert len(preview.context["plan"].changes) == len(po)
    assert all_translations() == before
    confirm = preview.context["form"].initial
    done = staff.post(
        reverse("admin:translation_upload"),
        {"language": confirm["language"], "content": confirm["content"], "confirm": "yes"},
    )
    assert done.status_code == 302
    assert Area.objects.get(slug="accommodation").title_ar == "AR Accommodation"
    page = staff.get(reverse("admin:translation_status"))
    arabic = next(lang for lang in page.context["languages"] if lang.code == "ar")
    assert arabic.missing == 0 and arabic.stale == 0


def test_admin_upload_of_a_broken_file_explains_and_changes_nothing(staff, english_only):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = all_translations()
    bad = SimpleUploadedFile("ar.po", BROKEN_FILES["markup"]().encode())
    response = staff.post(reverse("admin:translation_upload"), {"language": "ar", "file": bad})
    assert response.status_code == 200
    assert any("markup" in problem for problem in response.context["problems"])
    big = SimpleUploadedFile("ar.po", b"#" * (3 * 1024 * 1024))
    response = staff.post(reverse("admin:translation_upload"), {"language": "ar", "file": big})
    assert "larger than" in response.content.decode()
    assert all_translations() == before


def test_right_to_left_languages_get_right_to_left_inputs(staff, english_only):
    service = Service.objects.first()
    html = staff.get(reverse("admin:offers_service_change", args=[service.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(id="id_title_ar")["dir"] == "rtl"
    assert soup.find(id="id_title_ps")["dir"] == "rtl"
    assert soup.find(id="id_title_ti")["dir"] == "ltr"
    assert soup.find(id="id_title_ti")["lang"] == "ti"
