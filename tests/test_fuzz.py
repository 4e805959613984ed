"""Malformed input never makes the public site fail (property-based, with Hypothesis).

Anyone on the internet can send the site anything: scanners try path traversal and NUL
bytes, broken clients send garbage headers, spam robots fill in every form field. Each
of those must get an ordinary answer (a page, a redirect, 304, 400, 404, 405 or 429),
never a server error. These tests send generated junk to:

* every URL pattern under the language prefix, found by walking the resolver (no
  hand-kept list), with malformed area and service slugs and language prefixes;
* the same pages with malformed query strings (``preview``, ``size``, ``area`` repeated,
  ``feedback``, ``q``, unicode, huge values, too many fields), anonymous and as staff;
* the feedback form (every field, any length, the honeypot) and junk request bodies;
* the booklet builder's answers, and the booklet PDF addresses with a size or areas the
  site does not have (refused before any rendering; a tripwire fails the test if WeasyPrint
  is reached), plus junk conditional headers against booklets already in storage;
* ``/``, ``/robots.txt``, ``/sitemap.xml`` and ``/healthz`` with odd HTTP methods;
* garbage ``Accept-Language``, ``If-None-Match``, ``Accept-Encoding``, ``Cookie``,
  ``Host`` and other headers, each request made twice so the page cache's hit path sees
  the junk too; and odd charsets in a ``Content-Type``, which Django uses to decode the
  query string. Header values are what gunicorn passes on (no control characters but tab).

A 500 shows as a status (the client does not raise) and the assertion message carries
the request and the server's traceback. Examples are derandomized and no example database
is kept, so CI runs the same inputs every time and cannot flake. Each request runs in a
savepoint that is rolled back, so a database error in one example (PostgreSQL refuses NUL
characters, for one) cannot spoil the transaction for the next.
"""

import re
import string
import traceback
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from hypothesis import HealthCheck, assume, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from offers import urls as offer_urls
from offers.booklets import store
from offers.booklets.spec import SIZES, BookletSpec
from offers.demo.loader import read_demo
from offers.feedback import MAX_COMMENT
from offers.models import ContentVersion

LANGUAGE_CODES = [code for code, _name in django_settings.LANGUAGES]
DEMO = read_demo()
AREA_SLUGS = [area["slug"] for area in DEMO["areas"]]
SERVICES = [(service["area"], service["slug"]) for service in DEMO["services"]]


def fuzz_settings(max_examples):
    """Fixed examples (derandomized, no example database) so CI never flakes; no deadline,
    as the first request of a test warms caches and template loaders."""
    return hypothesis_settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# --- URL patterns, from the resolver ------------------------------------------------


def language_routes():
    """(route, name) for every URL pattern under the language prefix, e.g.
    ("<slug:area>/<slug:service>/", "offers:service_detail")."""
    found = []

    def walk(entries, prefix, namespace):
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                route = "" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
                walk(entry.url_patterns, prefix + route, inner)
            elif isinstance(entry, URLPattern):
                found.append((prefix + str(entry.pattern), f"{namespace}{entry.name}"))

    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            walk(entry.url_patterns, "", "")
    return found


ROUTES = language_routes()
PAGE_ROUTES = [(route, name) for route, name in ROUTES if not route.endswith(".pdf")]
PDF_ROUTES = [(route, name) for route, name in ROUTES if route.endswith(".pdf")]
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def test_every_url_pattern_of_the_offer_is_fuzzed():
    """The resolver walk finds the offer's patterns, so a new page is fuzzed automatically."""
    assert len(ROUTES) == len(offer_urls.urlpatterns)
    assert PDF_ROUTES and {"area", "service"} <= {
        name for route, _ in ROUTES for name in PARAMETER.findall(route)
    }


def fill(route, values):
    return PARAMETER.sub(lambda match: values[match.group(1)], route)


def under(language, rest):
    """The address of `rest` under a language prefix ("" for none: "/" redirects)."""
    return f"/{language}/{rest}" if language else f"/{rest}"


# --- Strategies ------------------------------------------------------------------------

# Anything a URL can carry once UTF-8 encoded (lone surrogates cannot be encoded at all).
ANY_CHAR = st.characters(exclude_categories=("Cs",))
# What the production server (gunicorn) hands Django in a header: latin-1 decoded bytes,
# without the control characters it refuses (all but tab).
HEADER_CHAR = st.characters(max_codepoint=0xFF).filter(
    lambda char: char == "\t" or not (char < " " or char == "\x7f")
)
SLUG_ALPHABET = string.ascii_letters + string.digits + "-_"


def repeated(pieces):
    """A piece many times over: long values, and past 1,000 the query has more fields than
    Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS), which must be a 400."""
    return st.builds(lambda piece, n: piece * n, st.sampled_from(pieces), st.integers(300, 3000))


JUNK_SEGMENTS = [
    "..",
    ".",
    "..%2f",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "..%5c..%5cwindows",
    "%2e%2e%2f",
    "%252e%252e%252f",
    "%c0%ae%c0%ae%c0%af",
    "%00",
    "a%00b",
    "accommodation%00",
    "%",
    "%%",
    "%zz",
    "%ff%fe",
    "%e2%80%ae",
    "%20",
    "+",
    "~",
    ";",
    "%3b",
    "\\",
    "-",
    "_",
    "--",
    "booklet.pdf",
    "easy-read",
    "admin",
]


def segment(real):
    """One path segment: a real slug, a slug-shaped string (reaches the database lookup),
    percent-encoded junk, raw unicode, or several of those run together."""
    single = st.one_of(
        st.sampled_from(real),
        st.text(SLUG_ALPHABET, min_size=1, max_size=80),
        repeated(["a", "-", "é", "%00", "..%2f"]),
        st.sampled_from(JUNK_SEGMENTS),
        st.text(ANY_CHAR, min_size=1, max_size=40).map(lambda text: quote(text, safe="")),
        st.text(
            st.characters(exclude_categories=("Cs",), exclude_characters="/?#"),
            min_size=1,
            max_size=40,
        ),
    )
    return st.one_of(single, st.lists(single, min_size=2, max_size=4).map("".join))


LANGUAGE_PREFIXES = st.one_of(
    st.sampled_from(LANGUAGE_CODES),
    st.sampled_from(
        ["", "EN", "Ar", "en-gb", "en-GB", "en_GB", "en@latin", "ckb-iq", "ar-", "zz", "xx-yy-zz"]
        + ["..", "%00", "ps%00", "fa%2f", "ti..", "en%2f..", "admin", "static", "%e2%80%ae"]
    ),
    st.text(ANY_CHAR, min_size=1, max_size=12).map(lambda text: quote(text, safe="")),
)

QUERY_KEYS = st.one_of(
    st.sampled_from(
        ["preview", "size", "area", "feedback", "q", "p", "language", "variant", "kind"]
        + ["helpful", "comment", "page", "website", "next", "format", "csrfmiddlewaretoken"]
    ),
    st.text(ANY_CHAR, max_size=20),
)
QUERY_VALUES = st.one_of(
    st.sampled_from(
        ["1", "0", "", "true", "thanks", "a4", "a5", "A5", "a3", "accommodation", "-1"]
        + ["99999999999999999999", "NaN", "1e999", "../", "\x00", "%00", "[]", "{{ 7*7 }}"]
        + ["<script>alert(1)</script>", "' OR 1=1 --", "\u202e", "İ", "ß"]
    ),
    st.text(ANY_CHAR, max_size=40),
    repeated(["x", "é", "\x00", "\u202e", "a=b&"]),
)
PAIRS = st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=8)
QUERY_STRINGS = st.one_of(
    PAIRS.map(urlencode),  # well formed
    PAIRS.map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)),  # never encoded
    st.text(ANY_CHAR, max_size=200),
    st.sampled_from(
        ["%", "%%", "=", "&&&", "a=%zz", "%00=%00", "preview=1&preview=0", "area=&area=&area="]
        + [";", "a;b=c", "feedback=thanks", "size=a5&size=a3", "q=%00", "p=0", "p=-1", "p=x"]
    ),
    repeated(["&", "a&", "area=x&", "x"]),  # more than DATA_UPLOAD_MAX_NUMBER_FIELDS
)

NUL_SESSION = 'sessionid="\\000\\000\\000\\000\\000\\000\\000\\000"'  # unquoted to 8 NULs
HEADER_VALUES = st.one_of(st.text(HEADER_CHAR, max_size=80), repeated([",", "*", "a;q=1,", "é"]))
JUNK_HEADERS = {
    "Accept-Language": st.one_of(
        st.sampled_from(
            ["*", "*;q=abc", "en;q=1e999", "zz-ZZ-x-private", ";;;", ",,,", "q=1", "ar-", "-"]
            + ["ckb;q=0.5,ti;q=-1", "en-GB;q=0.9, fa;q=", "ps" * 300, "en;q=0.5" * 99]
        ),
        HEADER_VALUES,
    ),
    "If-None-Match": st.one_of(
        st.sampled_from(["*", "W/", '"', '""', '"abc", W/"x"', "W/*", ",", '"' * 500]),
        HEADER_VALUES,
    ),
    "If-Modified-Since": st.one_of(
        st.sampled_from(["0", "-1", "Mon, 32 Foo 99999 99:99:99 GMT", "Sun, 06 Nov 1994 08:49"]),
        HEADER_VALUES,
    ),
    "Accept-Encoding": st.one_of(
        st.sampled_from(["gzip", "gzip;q=0", "*", "br, gzip, identity;q=0", "gzipgzip", ";"]),
        HEADER_VALUES,
    ),
    "Cookie": st.one_of(
        st.sampled_from(
            [NUL_SESSION, "sessionid=" + "a" * 5000, "sessionid=;", 'sessionid="\\x"']
            + ["csrftoken=junk", "django_language=zz", "=;=;", '"', "a=\\", "sessionid=%00" * 8]
        ),
        HEADER_VALUES,
    ),
    "Host": st.sampled_from(
        ["evil.example", "testserver:99999", "", "[::1", "testserver:", "a" * 300, "é"]
    ),
    "Range": st.one_of(st.sampled_from(["bytes=0-", "bytes=-1", "bytes=9-1", "x"]), HEADER_VALUES),
    "User-Agent": HEADER_VALUES,
    "Referer": HEADER_VALUES,
    "X-Forwarded-For": HEADER_VALUES,
    "X-Forwarded-Proto": HEADER_VALUES,
}
HEADERS = st.fixed_dictionaries({}, optional=JUNK_HEADERS)
# A GET may carry a Content-Type too; its charset decides how Django decodes the query.
CHARSETS = st.one_of(
    st.sampled_from(
        ["utf-8", "latin-1", "utf-16", "utf-32", "cp500", "idna", "punycode", "undefined"]
        + ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "no-such-charset", ""]
    ),
    st.text(HEADER_CHAR.filter(lambda char: char not in ';"'), max_size=20),
)
CONTENT_TYPES = st.builds(
    "{}; charset={}".format,
    st.sampled_from(["text/plain", "application/x-www-form-urlencoded", "x", ""]),
    CHARSETS,
)


# --- Requests --------------------------------------------------------------------------


class _Undo(Exception):
    def __init__(self, response):
        super().__init__()
        self.response = response


def short(value, limit=300):
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def describe(method, url, sent):
    return f"{short(method)} {short(url)}" + "".join(
        f"\n  {key}: {short(value)}" for key, value in sent.items()
    )


def fetch(method, url, *, client=None, data=b"", content_type="application/octet-stream", **kw):
    """One request, inside a savepoint that is always rolled back (see the module notes).

    Returns the response: a server error is a status here. An exception that escapes
    Django altogether (raised before its handler can turn it into a response) fails the
    test, as the WSGI server would answer 500."""
    client = client or Client(raise_request_exception=False)
    try:
        with transaction.atomic():
            raise _Undo(client.generic(method, url, data, content_type, **kw))
    except _Undo as undo:
        response = undo.response
    except Exception:
        sent = {"headers": kw.get("headers"), "content_type": content_type, "body": data}
        pytest.fail(
            f"exception escaped Django for {describe(method, url, sent)}\n"
            + traceback.format_exc(),
            pytrace=False,
        )
    if response.streaming:  # read to the end, which closes the file as a server would
        b"".join(response.streaming_content)
    return response


def assert_answered(response, method, url, **sent):
    """Never a server error, and no exception escaped the view."""
    if response.status_code < 500 and not response.exc_info:
        return
    server = "".join(traceback.format_exception(*response.exc_info)) if response.exc_info else ""
    pytest.fail(
        f"{response.status_code} for {describe(method, url, sent)}\n{server}", pytrace=False
    )


def fresh_caches():
    """Each example starts with empty caches: no page served from an earlier example's
    cache, and no rate limit left over."""
    for cache in caches.all():
        cache.clear()


class RenderReached(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_rendering(settings, tmp_path, monkeypatch):
    """Booklets go to a fresh folder, and WeasyPrint is never reached: every booklet input
    here must be refused (or served from storage) before rendering, which takes seconds."""
    settings.MEDIA_ROOT = tmp_path

    def tripwire(html):
        raise RenderReached("a booklet was rendered: this input should have been refused")

    monkeypatch.setattr(store, "pdf_from_html", tripwire)


# --- Pages -----------------------------------------------------------------------------


@fuzz_settings(max_examples=100)
@given(
    route=st.sampled_from(PAGE_ROUTES),
    language=LANGUAGE_PREFIXES,
    areas=segment(AREA_SLUGS),
    services=segment([slug for _area, slug in SERVICES]),
    method=st.sampled_from(["GET", "GET", "HEAD"]),
    query=st.one_of(st.just(""), QUERY_STRINGS),
)
@example(
    route=("<slug:area>/", ""), language="en", areas="a%00b", services="", method="GET", query=""
)
@example(  # a page that is not found, with more query fields than Django reads
    route=("<slug:area>/", ""),
    language="en",
    areas="no-such-page",
    services="",
    method="GET",
    query="a&" * 1001,
)
def test_pages_answer_malformed_paths_without_failing(
    demo_offer, route, language, areas, services, method, query
):
    fresh_caches()
    url = under(language, fill(route[0], {"area": areas, "service": services}))
    url = f"{url}?{query}" if query else url
    assert_answered(fetch(method, url), method, url)


@fuzz_settings(max_examples=80)
@given(
    route=st.sampled_from(PAGE_ROUTES),
    service=st.sampled_from(SERVICES),
    language=st.sampled_from(LANGUAGE_CODES),
    query=QUERY_STRINGS,
    as_staff=st.booleans(),
)
@example(
    route=("", "offers:home"), service=SERVICES[0], language="en", query="q=%00", as_staff=False
)
@example(
    route=("<slug:area>/<slug:service>/", "offers:service_detail"),
    service=SERVICES[0],
    language="ar",
    query="preview=1&preview=1&area=%00",
    as_staff=True,
)
def test_pages_answer_malformed_query_strings_without_failing(
    demo_offer, staff_user, route, service, language, query, as_staff
):
    fresh_caches()
    client = Client(raise_request_exception=False)
    if as_staff:  # staff previews (?preview=1) show pages with their drafts
        client.force_login(staff_user)
    path = f"/{language}/" + fill(route[0], {"area": service[0], "service": service[1]})
    url = f"{path}?{query}"
    assert_answered(fetch("GET", url, client=client), "GET", url, as_staff=as_staff)


# --- Feedback --------------------------------------------------------------------------

FEEDBACK_FIELDS = {
    "kind": st.one_of(
        st.sampled_from(["page", "missing", "", "PAGE", "other", "page\x00"]),
        st.text(ANY_CHAR, max_size=20),
    ),
    "helpful": st.one_of(
        st.sampled_from(["yes", "no", "", "maybe", "YES", "1"]), st.text(ANY_CHAR, max_size=10)
    ),
    "comment": st.one_of(
        st.text(ANY_CHAR, max_size=300),
        st.integers(MAX_COMMENT - 2, MAX_COMMENT + 3).map(lambda n: "c" * n),
        st.builds(
            lambda c, n: c * n,
            st.sampled_from(["x", "é", "\x00", "\u202e", "=cmd|"]),
            st.integers(1, 6000),
        ),
    ),
    "page": st.one_of(
        st.sampled_from(
            ["/en/contacts/", "", "//evil.example/", "https://evil.example/", "/\\evil.example"]
            + ["javascript:alert(1)", "/%00", "/\x00", "/" * 400, "/en/\r\nLocation: x"]
            + ["/\t/evil.example", "\\\\evil.example", "/en/?feedback=thanks#x", "/é/"]
        ),
        st.text(ANY_CHAR, max_size=400),
        st.text(ANY_CHAR, max_size=60).map(lambda text: "/" + text),
    ),
    "website": st.one_of(st.sampled_from(["", "http://spam.example"]), st.text(ANY_CHAR)),
    "csrfmiddlewaretoken": st.text(ANY_CHAR, max_size=64),
}
FEEDBACK_VALUES = st.one_of(
    *(st.tuples(st.just(name), strategy) for name, strategy in FEEDBACK_FIELDS.items())
)


@fuzz_settings(max_examples=60)
@given(
    language=st.one_of(st.sampled_from(LANGUAGE_CODES), st.sampled_from(["zz", "EN", ""])),
    fields=st.lists(FEEDBACK_VALUES, max_size=8),
    extra=st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=3),
    encoded=st.sampled_from(["multipart", "urlencoded"]),
)
@example(
    language="en",
    fields=[("kind", "page"), ("helpful", "no"), ("page", "/en/%00"), ("comment", "\x00")],
    extra=[],
    encoded="urlencoded",
)
def test_feedback_answers_malformed_forms_without_failing(
    demo_offer, language, fields, extra, encoded
):
    """Any mix of fields, missing or repeated, any length: stored (302 back to this site),
    refused (400), dropped (honeypot), or limited (429); never a 500 or an open redirect."""
    fresh_caches()
    data = {}
    for name, value in [*fields, *extra]:
        data.setdefault(name, []).append(value)
    url = under(language, "feedback/")
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    if encoded == "multipart":
        response = fetch(
            "POST",
            url,
            client=client,
            data=encode_multipart(BOUNDARY, data),
            content_type=MULTIPART_CONTENT,
        )
    else:
        response = fetch(
            "POST",
            url,
            client=client,
            data=urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
    assert_answered(response, "POST", url, form=data, encoded=encoded)
    if response.status_code in (301, 302, 303):
        location = urlsplit(response["Location"])
        assert not location.scheme and not location.netloc, response["Location"]
        assert response["Location"].startswith("/"), response["Location"]
        assert response["Location"][1:2] not in ("/", "\\"), response["Location"]


# Without a charset Django knows: charsets have tests of their own (FORM_CHARSETS and
# test_a_charset_in_the_content_type_never_fails), so each failure points at one cause.
JUNK_CONTENT_TYPES = st.sampled_from(
    [
        "multipart/form-data",  # no boundary
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=x",
        "multipart/form-data; boundary=" + "x" * 5000,
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "application/json",
        "text/plain; charset=é",
        "",
        "é/é",
    ]
)
MULTIPART_KIND = b'--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\npage\r\n--x--\r\n'
JUNK_BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(ANY_CHAR, max_size=300).map(lambda text: text.encode()),
    st.sampled_from(
        [
            MULTIPART_KIND,
            b'--x\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\n',
            b"--x\r\n\r\n\r\n",
            b"kind=page&helpful=yes&page=%ff%fe",
            b"kind=missing&comment=%00",
            b"\xff\xfe\x00k\x00i\x00n\x00d",
            b"kind=page&" * 1200,  # more than DATA_UPLOAD_MAX_NUMBER_FIELDS
        ]
    ),
)


# A form's charset decides how Django decodes the fields of a POST.
FORM_CHARSETS = st.one_of(
    st.builds("multipart/form-data; boundary=x; charset={}".format, CHARSETS),
    st.builds("application/x-www-form-urlencoded; charset={}".format, CHARSETS),
)


@fuzz_settings(max_examples=40)
@given(
    content_type=st.one_of(JUNK_CONTENT_TYPES, FORM_CHARSETS),
    body=JUNK_BODIES,
    language=st.sampled_from(LANGUAGE_CODES),
)
@example(
    content_type="multipart/form-data; boundary=x; charset=rot13",
    body=MULTIPART_KIND,
    language="en",
)
def test_feedback_answers_junk_request_bodies_without_failing(
    demo_offer, content_type, body, language
):
    """Bodies that cannot be read as a form (bad boundaries, charsets that are not text
    encodings, too many fields) are a 400, never a 500."""
    fresh_caches()
    url = f"/{language}/feedback/"
    response = fetch("POST", url, data=body, content_type=content_type)
    assert_answered(response, "POST", url, content_type=content_type, body=body[:300])


# --- Booklets --------------------------------------------------------------------------

BUILDER_VALUES = st.one_of(
    st.tuples(
        st.just("language"),
        st.sampled_from(LANGUAGE_CODES) | st.sampled_from(["zz", "EN", "", "\x00"]) | QUERY_VALUES,
    ),
    st.tuples(st.just("variant"), st.sampled_from(["full", "easy-read", "", "x"]) | QUERY_VALUES),
    st.tuples(st.just("size"), st.sampled_from([*SIZES, "A5", "a3", ""]) | QUERY_VALUES),
    st.tuples(st.just("area"), st.sampled_from(AREA_SLUGS) | QUERY_VALUES),
    st.tuples(QUERY_KEYS, QUERY_VALUES),
)


@fuzz_settings(max_examples=50)
@given(
    language=st.sampled_from(LANGUAGE_CODES),
    answers=st.lists(BUILDER_VALUES, max_size=12),
    raw=st.booleans(),
)
@example(language="en", answers=[("area", "\x00"), ("size", "a5")], raw=False)
def test_booklet_builder_answers_malformed_answers_without_failing(
    demo_offer, language, answers, raw
):
    """Good answers redirect to a booklet on this site; anything else is the form again."""
    fresh_caches()
    query = "&".join(f"{k}={v}" for k, v in answers) if raw else urlencode(answers)
    url = f"/{language}/booklet/?{query}"
    response = fetch("GET", url)
    assert_answered(response, "GET", url)
    if response.status_code == 302:
        location = response["Location"]
        assert location.startswith("/") and ".pdf" in location and location[1:2] != "/"


def refused_before_rendering(query):
    """What the booklet view refuses without rendering: a size it does not make, or an
    area it does not have (and too many fields to read at all)."""
    try:
        asked = QueryDict(query)
        size = asked.get("size", "a4").lower()
        areas = {slug for slug in asked.getlist("area") if slug}
    except SuspiciousOperation:  # TooManyFieldsSent: a 400 before the view
        return True
    return size not in SIZES or not areas <= set(AREA_SLUGS)


BAD_BOOKLET_PAIRS = st.one_of(
    st.tuples(
        st.just("size"),
        st.sampled_from(["a3", "A3", "", "a4 ", "a4\x00", "letter", "ａ4", "a" * 3000])
        | QUERY_VALUES,
    ),
    st.tuples(
        st.just("area"),
        st.sampled_from(["no-such-area", "..", "accommodation\x00", "Accommodation"])
        | QUERY_VALUES,
    ),
)


@fuzz_settings(max_examples=30)
@given(
    route=st.sampled_from(PDF_ROUTES),
    language=LANGUAGE_PREFIXES,
    pairs=st.lists(
        st.one_of(
            st.tuples(st.just("area"), st.sampled_from(AREA_SLUGS)),
            st.tuples(st.just("size"), st.sampled_from(SIZES)),
            st.tuples(QUERY_KEYS, QUERY_VALUES),
        ),
        max_size=6,
    ),
    bad=st.lists(BAD_BOOKLET_PAIRS, min_size=1, max_size=3),
    raw=st.booleans(),
    headers=HEADERS,
)
@example(
    route=PDF_ROUTES[0],
    language="en",
    pairs=[],
    bad=[("area", "accommodation\x00")],
    raw=False,
    headers={},
)
@example(  # no language prefix: not found until LocaleMiddleware redirects; too many fields
    route=PDF_ROUTES[0],
    language="",
    pairs=[("a", "")] * 1001,
    bad=[("size", "a3")],
    raw=False,
    headers={},
)
def test_booklet_pdfs_refuse_unknown_sizes_and_areas_without_failing(
    demo_offer, route, language, pairs, bad, raw, headers
):
    """A booklet that cannot be made is refused at once (400, or 404 for a language the
    site does not have), whatever else the address or headers say."""
    fresh_caches()
    answers = [*pairs, *bad]
    query = "&".join(f"{k}={v}" for k, v in answers) if raw else urlencode(answers)
    assume(refused_before_rendering(query))
    url = under(language, f"{route[0]}?{query}")
    response = fetch("GET", url, headers=headers)
    assert_answered(response, "GET", url, headers=headers)
    assert response.status_code != 200, "a booklet was served for an address it should refuse"


@pytest.fixture
def booklets_in_storage(demo_offer):
    """The whole-offer booklets in English, as if already made: serving them must not
    render anything."""
    version = ContentVersion.current()
    for easy_read in (False, True):
        for size in SIZES:
            name = BookletSpec("en", easy_read, size).storage_name(version)
            default_storage.save(name, ContentFile(b"%PDF-1.7\n% placeholder\n%%EOF\n"))


@fuzz_settings(max_examples=25)
@given(
    route=st.sampled_from(PDF_ROUTES),
    size=st.sampled_from([None, "a4", "a5", "A5"]),
    every_area=st.booleans(),
    extra=st.lists(
        st.tuples(QUERY_KEYS.filter(lambda key: key not in ("size", "area")), QUERY_VALUES),
        max_size=4,
    ),
    headers=HEADERS,
)
def test_stored_booklets_answer_junk_headers_and_parameters_without_failing(
    booklets_in_storage, route, size, every_area, extra, headers
):
    """Conditional and range headers full of junk, and parameters the booklet ignores,
    against booklets already in storage (served, 304, or 400 for a bad Host)."""
    fresh_caches()
    pairs = [("size", size)] if size else []
    pairs += [("area", slug) for slug in AREA_SLUGS] if every_area else []
    url = f"/en/{route[0]}?{urlencode([*pairs, *extra])}"
    response = fetch("GET", url, headers=headers)
    assert_answered(response, "GET", url, headers=headers)


# --- Machines, methods and headers -----------------------------------------------------

MACHINE_ADDRESSES = ["/", "", "/robots.txt", "/sitemap.xml", "/healthz", "/healthz/"]
SAFE_ONLY = {"/robots.txt", "/healthz"}  # views that answer GET and HEAD only
METHODS = st.one_of(
    st.sampled_from(
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]
        + ["PROPFIND", "get", "FOO", "G E T", ""]
    ),
    st.text(string.ascii_letters + "-_!#$%&'*+.^`|~", min_size=1, max_size=20),
)


@fuzz_settings(max_examples=60)
@given(
    address=st.sampled_from(
        MACHINE_ADDRESSES + ["/en/", "/ar/accommodation/", "/en/feedback/", "/en/booklet/"]
    ),
    method=METHODS,
    query=QUERY_STRINGS,
    body=JUNK_BODIES,
    content_type=JUNK_CONTENT_TYPES,
    enforce_csrf=st.booleans(),
)
@example(  # "/" is not found until LocaleMiddleware redirects it; too many query fields
    address="/", method="GET", query="a&" * 1001, body=b"", content_type="", enforce_csrf=False
)
def test_odd_methods_and_queries_never_fail(
    demo_offer, address, method, query, body, content_type, enforce_csrf
):
    """/, robots.txt, sitemap.xml, healthz and some pages, with any method: robots and
    healthz refuse all but GET and HEAD (405, or 403 when CSRF is checked first)."""
    fresh_caches()
    url = f"{address}?{query}" if query else address or "/"
    client = Client(raise_request_exception=False, enforce_csrf_checks=enforce_csrf)
    response = fetch(method, url, client=client, data=body, content_type=content_type)
    assert_answered(response, method, url, body=body[:300], content_type=content_type)
    refused = method.upper() not in ("GET", "HEAD") and response.status_code != 400
    if address in SAFE_ONLY and refused:  # 400: the body or query could not be read first
        assert response.status_code in (403, 405), (method, url, response.status_code)


@fuzz_settings(max_examples=50)
@given(
    address=st.sampled_from(
        MACHINE_ADDRESSES
        + ["/en/", "/ar/accommodation/", "/fa/easy-read/", "/en/contacts/", "/en/booklet/"]
        + ["/en/feedback/?feedback=thanks", "/en/no-such-page/", "/en/booklet.pdf?size=a3"]
        + ["/en/?preview=1", "/ckb/employment/?preview=1", "/ps/contacts/?preview=1"]
    ),
    headers=HEADERS,
)
@example(address="/en/?preview=1", headers={"Cookie": NUL_SESSION})
def test_junk_headers_never_fail(demo_offer, address, headers):
    """Garbage Accept-Language (the redirect from /), If-None-Match (the page cache's
    304), Accept-Encoding (gzip), cookies and Host. Each address is asked for twice, so the
    second answer may come from the page cache."""
    fresh_caches()
    for attempt in (1, 2):
        response = fetch("GET", address, headers=headers)
        assert_answered(response, "GET", address, headers=headers, attempt=attempt)


@fuzz_settings(max_examples=25)
@given(
    address=st.sampled_from(["/", "/en/", "/en/contacts/", "/robots.txt", "/healthz"]),
    content_type=CONTENT_TYPES,
    query=st.one_of(st.sampled_from(["x", "q=%C3%A9", "a&" * 1001]), QUERY_STRINGS),
)
@example(address="/en/", content_type="text/plain; charset=rot13", query="x")
@example(address="/robots.txt", content_type="text/plain; charset=utf-8", query="a&" * 1001)
def test_a_charset_in_the_content_type_never_fails(demo_offer, address, content_type, query):
    """Django decodes the query string with the charset a request's Content-Type names,
    even on a GET; a codec that is not a text encoding, or a query with too many fields,
    must still be a 400."""
    fresh_caches()
    status = through_server("GET", address, query, content_type)
    assert status < 500, (address, query[:100], content_type, status)


def through_server(method, path, query, content_type):
    """The status a WSGI server (gunicorn) would send: through localoffer.wsgi, as the
    problem here arises while Django makes the request, before the test client's hooks."""
    from django.core import signals
    from django.db import close_old_connections
    from django.test import RequestFactory

    from localoffer.wsgi import application

    environ = RequestFactory()._base_environ(
        REQUEST_METHOD=method,
        PATH_INFO=path,
        # A WSGI server passes the bytes it received, one character per byte.
        QUERY_STRING=query.encode().decode("latin-1"),
        CONTENT_TYPE=content_type,
    )
    statuses = []
    # As Django's test client does: the test's connection must stay open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            body = application(environ, lambda status, headers, exc=None: statuses.append(status))
            b"".join(body)
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return int(statuses[0].split()[0])
