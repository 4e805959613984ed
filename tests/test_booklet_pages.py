"""Booklets as readers and advisers meet them: the PDF addresses, conditional requests,
the builder form, the limit on new tailored booklets, the error pages, and
`manage.py render_booklets`."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation

from offers.booklets import store
from offers.booklets.render import RenderFailed
from offers.booklets.spec import BookletSpec
from offers.models import Area, ContentVersion
from tests.test_booklets import FakeRenderer

AREAS = ["health-and-wellbeing", "employment", "accommodation"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Booklets go to a fresh folder for each test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def fake(monkeypatch):
    """WeasyPrint stands aside where only the web side is under test; the real render is
    covered in test_booklets and by the end-to-end test below."""
    renderer = FakeRenderer()
    monkeypatch.setattr(store, "pdf_from_html", renderer)
    return renderer


def body(response):
    return b"".join(response.streaming_content)


def test_a_booklet_is_a_real_pdf_with_the_headers_a_reader_needs(client, demo_offer):
    response = client.get("/ar/booklet.pdf?size=a5", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="local-offer-ar-full-a5.pdf"'
    assert response["Cache-Control"] == "no-cache"
    assert response.has_header("ETag") and response.has_header("Last-Modified")
    # Already compressed inside, so not gzipped again, and its length is known.
    assert not response.has_header("Content-Encoding")
    pdf = body(response)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert int(response["Content-Length"]) == len(pdf)


def test_a_reader_who_has_the_booklet_gets_304_until_staff_publish(client, demo_offer, fake):
    first = client.get("/en/booklet.pdf")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/en/booklet.pdf", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/en/booklet.pdf", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert fake.calls == 1
    area = Area.objects.get(slug="accommodation")
    area.summary_en = "Somewhere safe to live, and help to keep it."
    area.save()
    after = client.get("/en/booklet.pdf", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert b"Somewhere safe to live, and help to keep it." in body(after)
    assert fake.calls == 2


def test_each_language_variant_size_and_choice_of_areas_is_its_own_booklet(
    client, demo_offer, fake
):
    urls = [
        "/en/booklet.pdf",
        "/ar/booklet.pdf",
        "/ar/easy-read/booklet.pdf",
        "/ar/easy-read/booklet.pdf?size=a5",
        "/ar/easy-read/booklet.pdf?size=a5&area=employment",
    ]
    etags = {client.get(url)["ETag"] for url in urls}
    assert len(etags) == len(urls) and fake.calls == len(urls)
    # Asking again, in any order of areas, makes nothing new.
    client.get("/ar/easy-read/booklet.pdf?area=employment&size=a5")
    assert fake.calls == len(urls)


@pytest.mark.parametrize("query", ["size=a3", "area=nowhere", "size=%00"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_wrong_booklet_address_explains_itself_in_the_readers_language(
    client, demo_offer, fake, query, language
):
    response = client.get(f"/{language}/booklet.pdf?{query}")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == language
    with translation.override(language):
        assert page.h1.get_text() == translation.gettext("We could not make this booklet")
    assert page.select_one(f'a[href="/{language}/booklet/"]')
    assert fake.calls == 0


def test_a_failed_render_gives_a_clear_page_and_no_file(client, demo_offer, fake, media):
    fake.fail = True
    response = client.get("/ti/booklet.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "PDF" not in response["Content-Type"]
    with translation.override("ti"):
        assert translation.gettext("We could not make this booklet") in response.content.decode()
    assert not list(media.rglob("*.pdf"))


def test_new_tailored_booklets_are_limited_per_address_but_made_ones_never_are(
    client, demo_offer, fake, settings
):
    settings.BOOKLET_RENDERS_PER_HOUR = 2
    assert client.get("/en/booklet.pdf?area=employment").status_code == 200
    assert client.get("/en/booklet.pdf?area=accommodation").status_code == 200
    refused = client.get("/en/booklet.pdf?area=relationships")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert fake.calls == 2
    # Booklets already made, and the whole-offer booklets, are still there for this reader.
    assert client.get("/en/booklet.pdf?area=employment").status_code == 200
    assert client.get("/en/booklet.pdf").status_code == 200
    # Another address has its own allowance.
    other = client.get("/en/booklet.pdf?area=relationships", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def builder(client, language, query=""):
    response = client.get(f"/{language}/booklet/{query}")
    return response, BeautifulSoup(response.content, "html.parser")


def test_the_builder_starts_with_the_whole_offer_in_the_readers_language(client, demo_offer):
    response, page = builder(client, "ar")
    assert response.status_code == 200
    assert page.select_one("#id_language option[selected]")["value"] == "ar"
    boxes = page.select('input[name="area"]')
    assert len(boxes) == Area.objects.count() and all(box.has_attr("checked") for box in boxes)
    assert page.select_one('input[name="variant"][value="full"]').has_attr("checked")
    assert page.select_one('input[name="size"][value="a4"]').has_attr("checked")
    # It asks nothing about the young person: no box to type in.
    builder_form = page.select_one("form.booklet-form")
    assert not builder_form.select('input[type="text"], textarea, input[type="email"]')
    assert builder_form["method"] == "get"
    # The whole-offer booklets are one tap away.
    links = {a["href"] for a in page.select(".booklet-links a")}
    assert {"/ar/booklet.pdf", "/ar/easy-read/booklet.pdf?size=a5"} <= links


def test_the_builder_sends_the_adviser_to_the_booklet_they_chose(client, demo_offer, fake):
    query = "?language=ti&variant=easy-read&size=a5&area=accommodation&area=employment"
    response, _page = builder(client, "ar", query)
    assert response.status_code == 302
    expected = BookletSpec("ti", True, "a5", ("employment", "accommodation"))
    assert response["Location"] == expected.get_absolute_url()
    assert response["Location"] == (
        "/ti/easy-read/booklet.pdf?size=a5&area=employment&area=accommodation"
    )
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"].endswith('"local-offer-ti-easy-read-a5-selected-areas.pdf"')
    every_area = "?language=en&variant=full&size=a4&" + "&".join(
        f"area={slug}" for slug in Area.objects.values_list("slug", flat=True)
    )
    assert builder(client, "en", every_area)[0]["Location"] == "/en/booklet.pdf"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_builder_explains_a_missing_answer_and_keeps_the_others(client, demo_offer, language):
    response, page = builder(client, language, "?language=ti&variant=easy-read&size=a5")
    assert response.status_code == 400
    with translation.override(language):
        message = translation.gettext("Choose at least one area.")
    assert message in page.select_one(".error-summary").get_text()
    assert page.select_one(".error-summary a")["href"] == "#field-area"
    assert message in page.select_one("#field-area").get_text()
    assert page.select_one("#id_language option[selected]")["value"] == "ti"
    assert page.select_one('input[name="variant"][value="easy-read"]').has_attr("checked")
    assert page.select_one('input[name="size"][value="a5"]').has_attr("checked")


def test_the_builder_refuses_answers_it_does_not_offer(client, demo_offer):
    response, page = builder(client, "en", "?language=xx&variant=huge&size=a3&area=nowhere")
    assert response.status_code == 400
    assert len(page.select(".error-summary li")) == 4


def test_unrelated_query_strings_do_not_count_as_answers(client, demo_offer):
    assert builder(client, "en", "?utm_source=leaflet")[0].status_code == 200


def test_every_page_links_to_the_builder_and_area_pages_print_their_part(client, demo_offer):
    page = BeautifulSoup(client.get("/fa/accommodation/").content, "html.parser")
    assert page.select_one('footer a[href="/fa/booklet/"]')
    assert page.select_one('.print-link a[href="/fa/booklet.pdf?area=accommodation"]')
    easy = BeautifulSoup(client.get("/fa/easy-read/accommodation/").content, "html.parser")
    assert easy.select_one('.print-link a[href="/fa/easy-read/booklet.pdf?area=accommodation"]')


def test_render_booklets_makes_every_whole_offer_booklet_once_and_clears_old_ones(
    demo_offer, fake, media, capsys
):
    old = default_storage.save(BookletSpec("en").storage_name(ContentVersion.current()), fake_pdf())
    ContentVersion.bump()
    call_command("render_booklets", "--language", "en", "--language", "ar")
    assert fake.calls == 8
    made = sorted(p.name for p in media.rglob("*.pdf"))
    assert len(made) == 8 and not default_storage.exists(old)
    assert "Deleted 1 booklets" in capsys.readouterr().out
    call_command("render_booklets", "--language", "en", "--language", "ar")
    assert fake.calls == 8  # all made already


def test_render_booklets_refuses_an_unknown_language_and_reports_failures(demo_offer, fake):
    with pytest.raises(CommandError, match="Unknown language xx"):
        call_command("render_booklets", "--language", "xx")
    fake.fail = True
    with pytest.raises(CommandError, match="4 booklets could not be made"):
        call_command("render_booklets", "--language", "ti")


def fake_pdf():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.7\n%%EOF\n")


def test_render_failed_is_not_a_500(client, demo_offer, monkeypatch):
    def broken(spec, storage, version=None):
        raise RenderFailed("took longer than 60 seconds")

    monkeypatch.setattr("offers.booklets.serve.booklet_file", broken)
    assert client.get("/en/booklet.pdf").status_code == 503
