"""Uploads (the logo, documents on services) are checked by type and size, stored under
random names, served from this site, and travel with a backup."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image
from pypdf import PdfWriter

from offers.models import ContentVersion, Document, OfferSettings, Service
from offers.uploads import IMAGE, PDF, STORED_NAME, check
from tests.conftest import admin_change_url, admin_form_data


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(kind="PNG", size=(60, 30), exif=None):
    out = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.new("RGB", size, (200, 40, 90)).save(out, format=kind, **options)
    return out.getvalue()


def pdf(password=None):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def named(data, name):
    return ContentFile(data, name=name)


@pytest.mark.parametrize(
    ("data", "found"),
    [(picture("PNG"), "png"), (picture("JPEG"), "jpg"), (picture("WEBP"), "webp"), (pdf(), "pdf")],
)
def test_real_pictures_and_pdfs_are_taken_whatever_their_name(data, found):
    assert check(named(data, "anything.txt"), (PDF, IMAGE)) == found


REFUSED = {
    "text called a PDF": (b"Hello, I am not a PDF", "leaflet.pdf", "not a PDF or a PNG"),
    "a web page called a picture": (b"<html><script></script>", "logo.png", "not a PDF or a PNG"),
    "an SVG, which can hold script": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
        "not a PDF or a PNG",
    ),
    "a GIF": (b"GIF89a" + b"\0" * 30, "x.gif", "not a PDF or a PNG"),
    "a damaged PDF": (b"%PDF-1.7\n garbage", "x.pdf", "damaged"),
    "a locked PDF": (pdf(password="secret"), "x.pdf", "locked with a password"),
    "a picture that would fill the memory": (
        picture("PNG", size=(8000, 6000)),
        "big.png",
        "too large to use",
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_files_that_are_not_what_they_claim_are_refused(name):
    data, filename, message = REFUSED[name]
    with pytest.raises(ValidationError, match=message):
        check(named(data, filename), (PDF, IMAGE))


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check(named(b"x" * 2048, "big.pdf"), (PDF,))
    assert refused.value.messages == [
        "This file is 2.0\xa0KB; the largest the site takes is 1.0\xa0KB."
    ]


def test_a_logo_must_be_a_picture():
    with pytest.raises(ValidationError, match="Choose a PNG, JPEG or WebP picture"):
        check(named(pdf(), "logo.pdf"), (IMAGE,))


def test_a_document_uploaded_in_the_admin_is_shown_and_served(staff, demo_offer, media):
    service = Service.objects.published().get(slug="setting-up-home-allowance")
    url = admin_change_url(service)
    data = admin_form_data(staff, url)
    version = ContentVersion.current()
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "دليل الأثاث",
            "documents-0-language": "ar",
            "documents-0-order": "1",
            "documents-0-file": SimpleUploadedFile("My leaflet (final).pdf", pdf()),
        }
    )
    response = staff.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    document = Document.objects.get(service=service)
    assert STORED_NAME.fullmatch(document.file.name) and "leaflet" not in document.file.name
    assert document.size == len(pdf()) and ContentVersion.current() > version

    page = BeautifulSoup(staff.get(service.get_absolute_url()).content, "html.parser")
    link = page.select_one(".documents a")
    assert link.get_text() == "دليل الأثاث" and link["lang"] == "ar" and link["hreflang"] == "ar"
    facts = page.select_one(".documents .file-facts").get_text()
    assert "PDF" in facts and "Arabic" in facts
    served = staff.get(link["href"])
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == pdf()
    assert "immutable" in served["Cache-Control"]


def test_a_bad_upload_in_the_admin_explains_and_changes_nothing(staff, demo_offer):
    service = Service.objects.published().get(slug="setting-up-home-allowance")
    url = admin_change_url(service)
    data = admin_form_data(staff, url)
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Leaflet",
            "documents-0-language": "en",
            "documents-0-order": "1",
            "documents-0-file": SimpleUploadedFile("leaflet.pdf", b"<html>not a pdf</html>"),
        }
    )
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "not a PDF or a PNG" in response.content.decode()
    assert not Document.objects.exists()


def test_a_logo_is_redrawn_without_its_metadata_and_shown_on_every_page(staff, demo_offer):
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # camera make: metadata a picture should not carry out
    url = admin_change_url(OfferSettings.load())
    data = admin_form_data(staff, url)
    data["logo"] = SimpleUploadedFile("logo.jpg", picture("JPEG", (1200, 600), exif=exif))
    assert staff.post(url, data).status_code == 302
    logo = OfferSettings.load().logo
    assert logo.name.endswith(".jpg")
    with default_storage.open(logo.name) as stored, Image.open(stored) as image:
        assert image.size == (400, 200) and not image.getexif()
    page = BeautifulSoup(staff.get("/ar/").content, "html.parser")
    shown = page.select_one(".site-name img.logo")
    assert shown["src"] == f"/media/{logo.name}" and shown["alt"] == ""
    assert staff.get(shown["src"])["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    "path",
    [
        "/media/booklets/en.pdf",
        "/media/uploads/documents/../../db.sqlite3",
        "/media/uploads/documents/" + "a" * 32 + ".pdf",  # well formed, but not there
        "/media/uploads/other/" + "a" * 32 + ".pdf",
    ],
)
def test_only_stored_uploads_are_served(client, db, path):
    assert client.get(path).status_code == 404


def test_a_backup_carries_the_files_and_a_restore_puts_them_back(demo_offer, tmp_path, media):
    service = Service.objects.first()
    document = Document(service=service, title="Leaflet", language="en")
    document.file.save("leaflet.pdf", ContentFile(pdf()))
    path = tmp_path / "offer.json"
    call_command("export_offer", output=str(path), stderr=io.StringIO())
    data = json.loads(path.read_text())
    assert list(data["files"]) == [document.file.name]

    default_storage.delete(document.file.name)
    Document.objects.all().delete()
    call_command("import_offer", str(path), stdout=io.StringIO())
    restored = Document.objects.get()
    assert restored.file.name == document.file.name
    with default_storage.open(restored.file.name) as stored:
        assert stored.read() == pdf()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d, name: d["files"].update({name: "bm90IGEgcGRm"}), "not a PDF or a PNG"),
        (lambda d, name: d["files"].update({name: "%%%"}), "is not base64"),
        (lambda d, name: d["files"].pop(name), "missing from the file and from storage"),
        (
            lambda d, name: d["objects"]["offers.document"][0]["fields"].update(
                file="../../settings.py"
            ),
            "is not a name this site gives uploads",
        ),
    ],
)
def test_a_backup_with_a_bad_file_changes_nothing(demo_offer, tmp_path, change, message):
    document = Document(service=Service.objects.first(), title="Leaflet", language="en")
    document.file.save("leaflet.pdf", ContentFile(pdf()))
    path = tmp_path / "offer.json"
    call_command("export_offer", output=str(path), stderr=io.StringIO())
    data = json.loads(path.read_text())
    default_storage.delete(document.file.name)
    change(data, document.file.name)
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=message):
        call_command("import_offer", str(path), stdout=io.StringIO())
    assert not default_storage.exists(document.file.name)
