"""Whole public pages from the cache, for readers who are not signed in.

A cached page is keyed by the content version (see ContentVersion), the release, the
host, the address and whether the reader accepts gzip; it sits before GZipMiddleware, so
a hit costs one cache read and no rendering or compression. Each process checks the
content version in the database at most once every PAGE_CACHE_RECHECK_SECONDS.

Pages carry an ETag and `Cache-Control: no-cache`: a phone asks again every time, but an
unchanged page costs it a 304 and no data.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from offers.models import ContentVersion

SKIP_PREFIXES = (f"/{settings.ADMIN_PATH}", "/healthz", "/static/", "/media/")


class ContentVersionClock:
    """The content version, read from the database at most once per interval."""

    def __init__(self, interval):
        self.interval = interval
        self.value = None
        self.read_at = 0.0

    def current(self):
        now = time.monotonic()
        if self.value is None or now - self.read_at >= self.interval:
            self.value = ContentVersion.current()
            self.read_at = now
        return self.value


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE_ALIAS]
        self.clock = ContentVersionClock(settings.PAGE_CACHE_RECHECK_SECONDS)

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        key = self.key(request)
        cached = self.cache.get(key)
        if cached is None:
            response = self.get_response(request)
            if self.can_store(response):
                self.finish(response)
                self.cache.set(key, self.freeze(response), settings.PAGE_CACHE_SECONDS)
            return response
        # META rather than request.headers: that would copy every header, on every hit.
        if request.META.get("HTTP_IF_NONE_MATCH") == cached["ETag"]:
            return HttpResponseNotModified(headers={"ETag": cached["ETag"]})
        return cached

    def applies_to(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(SKIP_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    def key(self, request):
        gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"page:{settings.RELEASE}:{self.clock.current()}:{int(gzip)}:{digest}"

    @staticmethod
    def can_store(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "Cookie" not in response.get("Vary", "")
        )

    @staticmethod
    def finish(response):
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Accept-Encoding"])

    @staticmethod
    def freeze(response):
        # The response itself, as Django's own cache middleware keeps it: unpickling it
        # is quicker than building a new one header by header, which a hit would repeat.
        # (A copy, so nothing of this request, such as a test client's extras, is kept.)
        frozen = HttpResponse(response.content, status=response.status_code)
        for name, value in response.items():
            frozen[name] = value
        return frozen
