"""Booklets: real PDFs read back with poppler, made once per content version, one
render however many ask at once, and never a broken file."""

import shutil
import subprocess
import threading
import time

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import translation

from offers.booklets import store
from offers.booklets.render import RenderFailed, pdf_from_html
from offers.booklets.spec import BookletSpec
from offers.models import Area, ContentVersion

A4 = "595.276 x 841.89"
A5 = "419.528 x 595.276"


def poppler(tool, *args):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} (poppler-utils) is needed to read booklets back")
    return subprocess.run(
        [tool, *map(str, args)], capture_output=True, text=True, check=True
    ).stdout


def readable(text):
    """Text as poppler gives it back: no bidi controls, and the lam-alef ligature as the
    two letters in the order poppler writes them."""
    for control in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f":
        text = text.replace(control, "")
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
