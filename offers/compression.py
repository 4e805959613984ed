"""Gzip for pages, not for files that are compressed already.

A PDF's streams are deflated inside the file: gzipping it again costs the server time,
saves the reader almost nothing and takes away Content-Length, which PDF viewers use
to show progress and to fetch pages in ranges.
"""

from django.middleware.gzip import GZipMiddleware

ALREADY_COMPRESSED = ("application/pdf", "image/png", "font/woff2")


class GZipPagesMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)
