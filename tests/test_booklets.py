"""Booklets: real PDFs read back with poppler, made once per content version, one
render however many ask at once, and never a broken file."""

import re
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import translation

from offers.booklets import store
from offers.booklets.render import RenderFailed, booklet_html, pdf_from_html
from offers.booklets.spec import BookletSpec
from offers.models import Area, ContentVersion, OfferSettings

A4 = "595.276 x 841.89"
A5 = "419.528 x 595.276"


def poppler(tool, *args):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} (poppler-utils) is needed to read booklets back")
    return subprocess.run(
        [tool, *map(str, args)], capture_output=True, text=True, check=True
    ).stdout


def readable(text):
    """Text as poppler gives it back: no bidi controls, zero-width non-joiners (which
    shape Persian words but are not written out) or vowel marks, and the lam-alef
    ligature as the two letters in the order poppler writes them."""
    for control in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u200c":
        text = text.replace(control, "")
    # Short-vowel marks (such as the Persian ezafe kasra) come out as separate glyphs.
    text = re.sub("[\u064b-\u065f\u0670]", "", text)
    return text.replace("لا", "ال")


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


@pytest.mark.parametrize(
    ("language", "easy_read", "size", "paper"),
    [("ar", False, "a4", A4), ("ti", True, "a5", A5)],
)
def test_a_booklet_reads_back(demo_offer, storage, language, easy_read, size, paper):
    name = store.booklet_file(BookletSpec(language, easy_read, size), storage)
    path = storage.path(name)
    text = readable(poppler("pdftotext", path, "-"))
    with translation.override(language):
        titles = [area.title for area in Area.objects.all()]
    for title in titles:
        assert readable(title) in text, f"chapter {title!r} missing from the {language} booklet"
    info = poppler("pdfinfo", path)
    assert "Tagged:          yes" in info
    assert paper in info
    assert int(info.split("Pages:")[1].split()[0]) >= 10
    fonts = poppler("pdffonts", path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # embedded


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def shows(title, text):
    """The title is in the text: whole, or (when a long right-to-left heading wraps and
    poppler reorders its lines) every word of it."""
    title = readable(title)
    return title in text or all(word in text.split() for word in title.split())


def outline_titles(path):
    """Top-level PDF bookmarks (the chapters), as a PDF reader lists them."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    return reader, [item.title for item in reader.outline if not isinstance(item, list)]


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_booklet_in_every_language_reads_back(demo_offer, tmp_path, language):
    """Full and easy read, A4 and A5: titles in the language, fonts embedded, tagged,
    bookmarks for chapters, and title, author and language in the metadata."""
    specs = [spec for spec in store.whole_offer_specs() if spec.language == language]
    pages = [booklet_html(spec) for spec in specs]
    with ThreadPoolExecutor(max_workers=2) as pool:  # each render is its own process
        pdfs = list(pool.map(pdf_from_html, pages))
    with translation.override(language):
        titles = [area.title for area in Area.objects.all()]
        back_matter = [
            translation.gettext(text)
            for text in ("Contacts", "Who counts as a care leaver", "Words explained")
        ]
        contents = translation.gettext("Contents")
        council = OfferSettings.load().council_name
        page_label = translation.gettext("Page %(page)s of %(pages)s")
    for spec, pdf in zip(specs, pdfs, strict=True):
        path = tmp_path / spec.filename
        path.write_bytes(pdf)
        text = readable(poppler("pdftotext", path, "-"))
        for title in [*titles, *back_matter, contents]:
            assert shows(title, text), f"{title!r} missing from {spec.filename}"
        info = poppler("pdfinfo", path)
        pages_count = int(info.split("Pages:")[1].split()[0])
        assert "Tagged:          yes" in info, spec.filename
        assert (A5 if spec.size == "a5" else A4) in info, spec.filename
        assert pages_count >= 10, spec.filename
        # The footer of the last page counts every page, in the booklet's language.
        # poppler gives right-to-left lines in reading order or in visual order (words
        # right to left), and moves spaces around numbers; either order is accepted.
        last = readable(poppler("pdftotext", "-f", pages_count, "-l", pages_count, path, "-"))
        words = readable(page_label % {"page": pages_count, "pages": pages_count}).split()
        found = "".join(last.split())
        assert "".join(words) in found or "".join(reversed(words)) in found, (
            f"{spec.filename}: no {' '.join(words)!r} on its last page"
        )
        fonts = poppler("pdffonts", path).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
        # Only the fonts shipped with the project: nothing fell back to the server's own.
        names = {line.split()[0].split("+")[-1] for line in fonts}
        assert all(name.startswith("Booklet-") for name in names), names
        reader, chapters = outline_titles(path)
        assert chapters == [*titles, *back_matter], spec.filename
        assert reader.trailer["/Root"]["/Lang"] == language
        assert council in reader.metadata.title and reader.metadata.author == council


class FakeRenderer:
    """Stands in for WeasyPrint where only the caching and locking are under test."""

    def __init__(self, seconds=0.0, fail=False):
        self.calls = 0
        self.seconds = seconds
        self.fail = fail
        self.lock = threading.Lock()

    def __call__(self, html):
        with self.lock:
            self.calls += 1
        time.sleep(self.seconds)
        if self.fail:
            raise RenderFailed("deliberately broken")
        return b"%PDF-1.7\n" + html.encode() + b"\n%%EOF\n"


@pytest.fixture
def fake(monkeypatch):
    renderer = FakeRenderer()
    monkeypatch.setattr(store, "pdf_from_html", renderer)
    monkeypatch.setattr(store, "booklet_html", lambda spec: f"booklet {spec}")
    return renderer


def test_many_requests_for_a_missing_booklet_wait_for_one_render(fake, storage, monkeypatch):
    monkeypatch.setattr(ContentVersion, "current", classmethod(lambda cls: 7))
    fake.seconds = 0.5
    spec = BookletSpec("ar")
    names = []
    threads = [
        threading.Thread(target=lambda: names.append(store.booklet_file(spec, storage)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fake.calls == 1
    assert len(names) == 8 and len(set(names)) == 1
    assert storage.open(names[0]).read().startswith(b"%PDF")


def test_publishing_a_change_makes_the_next_booklet_afresh(fake, storage, demo_offer):
    spec = BookletSpec("en", size="a5")
    first = store.booklet_file(spec, storage)
    assert store.booklet_file(spec, storage) == first
    assert fake.calls == 1
    area = Area.objects.first()
    area.summary_en = "A change published by staff."
    area.save()
    second = store.booklet_file(spec, storage)
    assert second != first
    assert fake.calls == 2


def test_a_failed_render_keeps_nothing_and_can_be_tried_again(fake, storage, demo_offer):
    fake.fail = True
    spec = BookletSpec("en")
    with pytest.raises(RenderFailed):
        store.booklet_file(spec, storage)
    assert not storage.exists(spec.storage_name(ContentVersion.current()))
    fake.fail = False
    assert storage.exists(store.booklet_file(spec, storage))


def test_a_render_past_its_time_is_stopped():
    html = "<p>" + "words " * 200_000 + "</p>"
    with pytest.raises(RenderFailed, match="longer than"):
        pdf_from_html(html, timeout=0.2)


def test_a_render_past_its_memory_is_stopped():
    with pytest.raises(RenderFailed):
        pdf_from_html("<p>hello</p>", memory=64 * 2**20)


def test_area_choice_and_size_are_checked():
    from django.http import QueryDict

    from offers.booklets.spec import BadBooklet

    areas = ["health-and-wellbeing", "employment", "accommodation"]
    spec = BookletSpec.from_query("ar", False, QueryDict("size=a5&area=employment"), areas)
    assert spec.areas == ("employment",) and spec.size == "a5"
    everything = BookletSpec.from_query(
        "ar", False, QueryDict("&".join(f"area={a}" for a in areas)), areas
    )
    assert everything.areas == ()
    with pytest.raises(BadBooklet):
        BookletSpec.from_query("ar", False, QueryDict("size=a3"), areas)
    with pytest.raises(BadBooklet):
        BookletSpec.from_query("ar", False, QueryDict("area=nowhere"), areas)
