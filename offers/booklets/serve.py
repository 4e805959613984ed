"""A booklet as an HTTP response: conditional requests first, then storage, then a render.

The ETag and Last-Modified come from the content version, so a browser or proxy that
already has this booklet is answered with 304 before storage is even looked at.
"""

import hashlib

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from offers.booklets.limits import take_render
from offers.booklets.store import booklet_file
from offers.models import ContentVersion


def booklet_response(request, spec, storage=default_storage):
    """The PDF for `spec`. Raises RateLimited or RenderFailed for the caller to explain."""
    version, changed_at = ContentVersion.stamp()
    name = spec.storage_name(version)
    etag = f'"{hashlib.sha256(name.encode()).hexdigest()[:32]}"'
    last_modified = int(changed_at.timestamp()) if changed_at else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    # Only tailored booklets are limited: the whole-offer ones are a handful per version.
    if spec.tailored and not storage.exists(name):
        take_render(request)
    name = booklet_file(spec, storage, version)
    response = FileResponse(storage.open(name), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{spec.filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Ask every time: a booklet must say what the site says today, and a 304 is cheap.
    response["Cache-Control"] = "no-cache"
    return response
