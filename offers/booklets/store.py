"""Each booklet is made once per content version and then served from storage.

Many requests for a booklet nobody has made yet wait for one render: the first takes a
lock in the cache (shared by every process when the cache is Redis), the others wait
for it to finish. Publishing a change moves the content version on, so the next request
makes the booklet afresh. A file appears in storage only when it is complete.
"""

import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from offers.booklets.render import RenderFailed, booklet_html, pdf_from_html
from offers.booklets.spec import BOOKLET_ROOT, SIZES, BookletSpec
from offers.models import ContentVersion

logger = logging.getLogger(__name__)


def booklet_file(spec, storage=default_storage, version=None):
    """The storage name of the finished booklet, rendering it if nobody has yet."""
    name = spec.storage_name(ContentVersion.current() if version is None else version)
    lock = f"booklet-lock:{name}"
    if cache.get(lock) is None and storage.exists(name):
        return name
    if cache.add(lock, os.getpid(), timeout=settings.BOOKLET_TIMEOUT_SECONDS + 30):
        try:
            if not storage.exists(name):
                started = time.perf_counter()
                pdf = pdf_from_html(booklet_html(spec))
                _save_whole(storage, name, pdf)
                logger.info(
                    "made %s in %.1f s, %d bytes, peak memory %d MB",
                    name,
                    time.perf_counter() - started,
                    len(pdf),
                    getattr(pdf, "peak_memory", 0) // 2**20,
                )
        finally:
            cache.delete(lock)
        return name
    return _wait_for(storage, name, lock)


def whole_offer_specs(languages=None):
    """Every whole-offer booklet: each language, full and easy read, A4 and A5."""
    codes = languages or [code for code, _name in settings.LANGUAGES]
    return [
        BookletSpec(code, easy_read, size)
        for code in codes
        for easy_read in (False, True)
        for size in SIZES
    ]


def prune(storage=default_storage):
    """Delete booklets of earlier content versions or releases; returns how many."""
    current = BookletSpec.folder(ContentVersion.current())
    try:
        folders, _files = storage.listdir(BOOKLET_ROOT)
    except FileNotFoundError:
        return 0
    removed = 0
    for folder in folders:
        if folder == current:
            continue
        _dirs, files = storage.listdir(f"{BOOKLET_ROOT}/{folder}")
        for name in files:
            storage.delete(f"{BOOKLET_ROOT}/{folder}/{name}")
            removed += 1
    return removed


def _wait_for(storage, name, lock):
    deadline = time.monotonic() + settings.BOOKLET_TIMEOUT_SECONDS + 30
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if cache.get(lock) is None:
            if storage.exists(name):
                return name
            raise RenderFailed("the booklet could not be made")
    raise RenderFailed("the booklet is taking too long to make")


def _save_whole(storage, name, pdf):
    """Write the file so that nobody can read half of it."""
    if not hasattr(storage, "path"):  # object storage uploads whole objects
        storage.save(name, ContentFile(pdf))
        return
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as part:
        part.write(pdf)
    os.replace(part.name, path)
