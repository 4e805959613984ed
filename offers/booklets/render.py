"""Make a booklet: the offer as HTML from templates, then a tagged PDF from WeasyPrint.

The HTML is built here (it needs the database); the PDF is made in a forked child process
with a memory limit and a time limit, so a runaway render is stopped and reported
instead of taking the server down, and a half-made PDF is never kept.
"""

import contextlib
import functools
import io
import mimetypes
import multiprocessing
import os
import resource
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from offers.booklets.qr import qr_data_uri
from offers.easy_read import Explainer
from offers.models import (
    Area,
    CareLeaverStatus,
    Contact,
    GlossaryTerm,
    OfferSettings,
    Service,
)

#: Booklets load files from here only; nothing is fetched from the network.
ASSET_BASE = "https://booklet.invalid/"


#: The fonts booklet.css asks for, unpacked ahead of the first render.
FONTS = [
    f"fonts/noto-sans-{name}.woff2"
    for name in (
        "latin-regular",
        "latin-bold",
        "arabic-subset",
        "arabic-bold-subset",
        "ethiopic-subset",
        "ethiopic-bold-subset",
    )
]


class RenderFailed(Exception):
    pass


class Pdf(bytes):
    """A finished PDF, and the peak memory (resident bytes) of the process that made it."""

    peak_memory = 0


def booklet_html(spec):
    """The whole booklet as one HTML document, in the booklet's language."""
    with translation.override(spec.language):
        offer = OfferSettings.load()
        areas = list(Area.objects.prefetch_related("easy_read"))
        if spec.areas:
            areas = [area for area in areas if area.slug in spec.areas]
        services = (
            Service.objects.published()
            .filter(area__in=areas)
            .select_related("area")
            .prefetch_related("contacts", "easy_read")
        )
        if spec.services:
            services = services.filter(pk__in=spec.services)
        by_area = {area.pk: [] for area in areas}
        for service in services:
            by_area[service.area_id].append(service)
        if spec.services:  # a chapter only where one of the chosen services is
            areas = [area for area in areas if by_area[area.pk]]
        terms = list(GlossaryTerm.objects.all())
        explainer = Explainer(terms)

        def rows(sentences):
            return explainer.rows(sentences) if spec.easy_read else []

        chapters = []
        for area in areas:
            listed = by_area[area.pk]
            url = settings.SITE_URL + (
                area.get_easy_read_url() if spec.easy_read else area.get_absolute_url()
            )
            chapters.append(
                {
                    "area": area,
                    "rows": rows(area.easy_read.all()),
                    "statutory": [(s, rows(s.easy_read.all())) for s in listed if s.is_statutory],
                    "discretionary": [
                        (s, rows(s.easy_read.all())) for s in listed if not s.is_statutory
                    ],
                    "qr": qr_data_uri(url),
                    "short_url": url.split("://", 1)[-1],
                }
            )
        info = translation.get_language_info(spec.language)
        context = {
            "spec": spec,
            "offer": offer,
            "language": info,
            "bidi": spec.language in settings.LANGUAGES_BIDI,
            "chapters": chapters,
            "intro_rows": rows(offer.easy_read.all()),
            "contacts": list(Contact.objects.all()),
            "statuses": CareLeaverStatus.explanations(),
            "terms": terms,
            "page_label": _page_label(),
            "css": _booklet_css(),
        }
        return render_to_string("offers/booklet.html", context)


def _page_label():
    """CSS `content` for "page x of y" in the booklet's language, with live counters."""
    text = _("Page %(page)s of %(pages)s")
    parts = []
    for piece in text.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0").split("\0"):
        if piece in {"page", "pages"}:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def _booklet_css():
    return Path(finders.find("css/booklet.css")).read_text()


def static_only_fetcher():
    """A WeasyPrint fetcher for the project's own static files and inline data only; it
    never reaches the network, and a missing file stops the render."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(ASSET_BASE + "static/"):
                path = _static_path(urlsplit(url).path.removeprefix("/static/"))
                if path:
                    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, _file_bytes(path), {"Content-Type": kind})
            raise ValueError(f"booklets load only their own files, not {url}")

    return StaticOnly(fail_on_errors=True)


def _static_path(name):
    """The file behind a static name: collected (production) or in the source tree."""
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return finders.find(name)


@functools.cache
def _file_bytes(path):
    """A static file's bytes, with web fonts unpacked: WeasyPrint would otherwise unpack
    each WOFF2 again in every render, which costs more than laying out a chapter."""
    body = Path(path).read_bytes()
    if body[:4] == b"wOF2":
        from fontTools.ttLib import woff2

        unpacked = io.BytesIO()
        woff2.decompress(io.BytesIO(body), unpacked)
        body = unpacked.getvalue()
    return body


@functools.cache
def warm():
    """Load WeasyPrint (which parses its own stylesheets on import) and unpack the fonts in
    this process once, so every forked render starts with them ready."""
    import weasyprint  # noqa: F401

    for name in FONTS:
        path = _static_path(name)
        if path:  # a missing font stops the render itself, with a clear error
            _file_bytes(path)


def pdf_from_html(html, timeout=None, memory=None):
    """A tagged PDF (PDF/UA-1) made in a child process within time and memory bounds."""
    timeout = timeout or settings.BOOKLET_TIMEOUT_SECONDS
    memory = memory or settings.BOOKLET_MEMORY_BYTES
    warm()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render_in_child, args=(html, sender, memory), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderFailed(f"took longer than {timeout} seconds")
        status, payload, peak_memory = receiver.recv()
    except EOFError as error:
        raise RenderFailed("the renderer stopped (out of memory?)") from error
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    if status != "ok" or not payload.startswith(b"%PDF") or b"%%EOF" not in payload[-1024:]:
        raise RenderFailed(payload if isinstance(payload, str) else "not a complete PDF")
    pdf = Pdf(payload)
    pdf.peak_memory = peak_memory
    return pdf


def _render_in_child(html, sender, memory):
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        from weasyprint import HTML

        document = HTML(string=html, base_url=ASSET_BASE, url_fetcher=static_only_fetcher())
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
        # Linux reports kilobytes; this includes pages shared with the parent at the fork.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        sender.send(("ok", pdf, peak))
    except BaseException as error:  # noqa: BLE001  (reported to the parent, never raised)
        with contextlib.suppress(BaseException):
            sender.send(("error", f"{type(error).__name__}: {error}", 0))
    finally:
        sender.close()
        os._exit(0)
