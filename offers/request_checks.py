"""Requests Django itself would answer with a server error, refused with a 400 instead.

A request's Content-Type may name any charset, and Django decodes the query string and
the form with it: a codec that is not a text encoding (rot13, base64) raises deep inside
Django. When the query string is decoded while the request object is still being made
(that happens as soon as a charset is named), the error even escapes Django's own error
handling, so the guard for that sits in front of Django, in the WSGI application.
"""

import codecs
from email.message import Message
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpResponseBadRequest


def usable_charset(name):
    """Whether a charset named in a request can decode text (None: none named)."""
    if not name:
        return True
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return True  # Django ignores charsets it does not know
    if not codec._is_text_encoding:
        return False
    try:  # as Django decodes: some text codecs (idna, punycode) still cannot
        codec.decode(b"a=\xc3\xa9%\xff", "replace")
    except (UnicodeError, ValueError, IndexError):
        return False
    return True


def charset_of(content_type):
    message = Message()
    message["content-type"] = content_type or ""
    return message.get_param("charset")


class RequestChecksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not usable_charset(request.encoding):
            return HttpResponseBadRequest("Unreadable charset.", content_type="text/plain")
        return self.get_response(request)


def guard(application):
    """The WSGI application, answering 400 to what would break the making of a request."""

    def checked(environ, start_response):
        content_type = environ.get("CONTENT_TYPE", "")
        problem = None
        if "charset" in content_type:
            charset = charset_of(content_type)
            if not usable_charset(charset):
                problem = b"Unreadable charset."
            elif _too_many_fields(environ.get("QUERY_STRING", "")):
                problem = b"Too many fields in the address."
        if problem is None:
            return application(environ, start_response)
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [problem]

    return checked


def _too_many_fields(query):
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return limit is not None and len(parse_qsl(query, keep_blank_values=True)) > limit
