"""Open data: our offer.json against its JSON Schema, the Open Referral UK services API
against the standard's schemas, the sitemap's language alternates, and schema.org data on
service pages; all published content only, in constant queries, from the page cache."""

import datetime
import json
import os
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from offers import opendata
from offers.models import Area, GlossaryTerm, Service
from tests.conftest import LANGUAGE_CODES

# The standard's files, kept in shared/ beside the project (on developers' machines and
# in CI alike).
ORUK = Path(settings.BASE_DIR).parent / "shared" / "standards" / "openreferral-uk"

OFFER_URL = "/api/v1/offer.json"
SERVICES_URL = "/openreferral/v1/services"
STAFF_ONLY = {"translation_sources", "status", "review_due", "drafts", "order", "updated_at"}


def formats():
    """jsonschema's own format checks, plus the two its optional extras would add."""
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value):
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        return bool(datetime.datetime.fromisoformat(value).tzinfo)

    return checker


def validator(schema):
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=formats())


def assert_valid(schema, data):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(data)]
    assert errors == []


def read_standard(name):
    if not ORUK.exists():
        message = f"the Open Referral UK schemas are not at {ORUK}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return json.loads((ORUK / name).read_text(encoding="utf-8"))


def service_schema():
    return read_standard("service.json")


def page_schema():
    """The list envelope as openapi.json describes GET /services: its Page schema, with
    `contents` holding services, every paging field required."""
    page = read_standard("openapi.json")["components"]["schemas"]["Page"]
    return {
        "allOf": [page],
        "type": "object",
        "required": [*page["properties"], "contents"],
        "properties": {"contents": {"type": "array", "items": service_schema()}},
    }


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return json.loads(response.content)


def all_keys(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from all_keys(value)
    elif isinstance(data, list):
        for value in data:
            yield from all_keys(value)


def service_slugs(offer):
    return {(area["slug"], s["slug"]) for area in offer["areas"] for s in area["services"]}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_content(make_service, make_contact):
    """As tests/test_queries.py: 30 more services, 3 contacts each, and 10 terms."""
    contacts = [make_contact(email=f"team{n}@example.org") for n in range(3)]
    for area in Area.objects.all():
        for number in range(5):
            make_service(
                area=area,
                kind="statutory" if number % 2 else "discretionary",
                legal_basis="An Act",
                contacts=contacts,
                topics=["financial-support"],
                amount=100,
                amount_period="week",
            )
    for number in range(10):
        GlossaryTerm.objects.create(slug=f"word-{number}", term=f"Word {number}", definition="A")


# Our own format -------------------------------------------------------------------------


def test_offer_json_follows_its_schema(client, demo_offer):
    offer = get_json(client, OFFER_URL)
    assert offer["schema"] == "local-offer-open-data" and offer["schema_version"] == 1
    assert_valid(opendata.schema(), offer)
    assert get_json(client, "/api/v1/offer.schema.json") == opendata.schema()
    assert offer["schema_url"] == "http://testserver/api/v1/offer.schema.json"


def test_offer_json_holds_the_published_offer_in_every_language(client, demo_offer):
    offer = get_json(client, OFFER_URL)
    assert [language["code"] for language in offer["languages"]] == LANGUAGE_CODES
    assert {lang["code"]: lang["direction"] for lang in offer["languages"]}["ar"] == "rtl"
    assert [area["slug"] for area in offer["areas"]] == list(
        Area.objects.values_list("slug", flat=True)
    )
    published = Service.objects.published().select_related("area")
    assert service_slugs(offer) == {(s.area.slug, s.slug) for s in published}
    service = published.get(slug="staying-put")
    found = next(
        s for area in offer["areas"] for s in area["services"] if s["slug"] == "staying-put"
    )
    assert found["title"]["en"] == service.title_en
    assert found["title"]["ar"] == service.title_ar  # the demo has Arabic
    assert set(found["url"]) == set(LANGUAGE_CODES)
    assert found["url"]["ar"] == "http://testserver/ar/accommodation/staying-put/"
    assert found["body"]["en"] == service.body_en  # Markdown, as staff wrote it
    for area in offer["areas"]:  # entitlements first, as the site lists them
        kinds = [s["kind"] for s in area["services"]]
        assert kinds == sorted(kinds, key=lambda kind: kind != "statutory")
    contacts = {contact["slug"] for contact in offer["contacts"]}
    assert {offer["main_contact"], offer["emergency_contact"]} <= contacts
    assert all(set(s["contacts"]) <= contacts for area in offer["areas"] for s in area["services"])
    assert len(offer["glossary"]) == GlossaryTerm.objects.count()
    assert {item["code"] for item in offer["codes"]["topics"]} == {
        "financial-support",
        "financial-literacy",
        "housing-cooperation",
        "preventing-homelessness",
        "leaving-custody",
    }
    assert set(offer["codes"]["statuses"][0]["label"]) == set(LANGUAGE_CODES)


def test_offer_json_leaves_out_drafts_archived_services_and_staff_data(
    client, demo_offer, make_service
):
    make_service(slug="a-draft", status=Service.Status.DRAFT)
    make_service(slug="an-archived-one", status=Service.Status.ARCHIVED)
    make_service(slug="a-new-one", amount=12.5, amount_period="week", amount_is_maximum=True)
    offer = get_json(client, OFFER_URL)
    slugs = {slug for _area, slug in service_slugs(offer)}
    assert "a-new-one" in slugs and not {"a-draft", "an-archived-one"} & slugs
    assert not STAFF_ONLY & set(all_keys(offer))
    new = next(s for a in offer["areas"] for s in a["services"] if s["slug"] == "a-new-one")
    assert (new["amount"], new["amount_period"], new["amount_is_maximum"]) == (12.5, "week", True)
    assert list(new["title"]) == ["en"]  # no translation yet: left out, not filled in
    assert_valid(opendata.schema(), offer)


def test_the_schema_refuses_what_is_not_an_offer(client, demo_offer):
    offer = get_json(client, OFFER_URL)
    service = offer["areas"][0]["services"][0]
    service["amount"], service["amount_period"] = None, "week"  # a period with no amount
    offer["areas"][1]["services"][0]["statuses"] = ["former-relevant"]  # not a status code
    offer["areas"][2]["services"][0]["title"] = {"ar": "عنوان"}  # no English
    del offer["glossary"]
    errors = list(validator(opendata.schema()).iter_errors(offer))
    assert len(errors) == 4


# Open Referral UK ------------------------------------------------------------------------


def test_the_assembled_list_schema_accepts_the_standards_own_example():
    assert_valid(page_schema(), read_standard("service_list.json"))
    assert_valid(service_schema(), read_standard("service_full.json"))


def test_the_services_list_follows_open_referral_uk_and_pages(client, demo_offer):
    total = Service.objects.published().count()
    first = get_json(client, SERVICES_URL)
    assert_valid(page_schema(), first)
    assert first["total_items"] == total and first["page_number"] == 1
    assert first["size"] == min(total, opendata.PER_PAGE)
    seen = []
    pages = -(-total // 10)
    for number in range(1, pages + 1):
        page = get_json(client, f"{SERVICES_URL}?page={number}&per_page=10")
        assert_valid(page_schema(), page)
        assert (page["total_pages"], page["page_number"]) == (pages, number)
        assert page["first_page"] is (number == 1) and page["last_page"] is (number == pages)
        assert page["size"] == len(page["contents"]) and not page["empty"]
        # The list holds only one-to-one fields; the nested ones come with each service.
        assert not {"contacts", "cost_options", "attributes"} & set(page["contents"][0])
        seen += [service["id"] for service in page["contents"]]
    assert len(seen) == len(set(seen)) == total
    assert seen[:10] == [service["id"] for service in first["contents"][:10]]


def test_a_service_follows_open_referral_uk_with_eligibility_ages_costs_and_contacts(
    client, demo_offer
):
    service = Service.objects.published().select_related("area").get(slug="staying-put")
    oruk = opendata.Oruk(lambda path: path)
    found = get_json(client, f"{SERVICES_URL}/{oruk.service_id('accommodation', 'staying-put')}")
    assert_valid(service_schema(), found)
    assert found["name"] == service.title_en and found["status"] == "active"
    assert found["url"] == "http://testserver/en/accommodation/staying-put/"
    assert (found["minimum_age"], found["maximum_age"]) == (service.min_age, service.max_age)
    assert found["assured_date"] == service.last_reviewed.isoformat()
    eligibility = {
        a["taxonomy_term"]["term"] for a in found["attributes"] if a["link_type"] == "eligibility"
    }
    assert eligibility == set(service.statuses) | set(service.conditions)
    assert {a["link_id"] for a in found["attributes"]} == {found["id"]}
    [cost] = found["cost_options"]
    assert cost["amount"] == 0 and cost["amount_description"].startswith("Free.")
    names = [contact["name"] for contact in found["contacts"]]
    assert names == [contact.name_en for contact in service.contacts.all()]
    # Phones as HSDS 3.0 has them, checked against the profile's own phone definition.
    phone = read_standard("service_with_definitions.json")["definitions"]["phone"]
    phone = {k: v for k, v in phone.items() if k != "properties"} | {
        "properties": {k: v for k, v in phone["properties"].items() if k != "languages"}
    }
    phones = [p for contact in found["contacts"] for p in contact["phones"]]
    assert phones
    for number in phones:
        assert_valid(phone, number)


def test_an_amount_is_described_and_never_given_as_a_price(client, demo_offer, make_service):
    service = make_service(amount=1200, amount_period="year", amount_is_maximum=True)
    oruk = opendata.Oruk(lambda path: path)
    found = get_json(client, f"{SERVICES_URL}/{oruk.service_id(service.area.slug, service.slug)}")
    [cost] = found["cost_options"]
    assert cost["amount"] == 0
    assert cost["amount_description"] == "Free. Amount of support: up to £1,200 a year."


def test_service_ids_are_uuids_that_stay_the_same(client, demo_offer):
    before = get_json(client, f"{SERVICES_URL}?per_page=200")["contents"]
    service = Service.objects.published().first()
    service.title_en = "A new title"
    service.summary_en = "A new summary."
    service.save()
    after = get_json(client, f"{SERVICES_URL}?per_page=200")["contents"]
    assert [s["id"] for s in before] == [s["id"] for s in after]
    assert all(uuid.UUID(s["id"]).version == 5 for s in after)
    assert "A new title" in {s["name"] for s in after}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=0", 400),
        ("page=-1", 400),
        ("page=abc", 400),
        ("page=1.5", 400),
        ("page=", 400),
        ("page=99999999999999999999", 400),
        ("page=%00", 400),
        ("per_page=0", 400),
        ("per_page=201", 400),
        ("per_page=ten", 400),
        ("page=3", 404),
        ("page=2&per_page=200", 404),
    ],
)
def test_a_page_that_is_not_there_is_a_clear_error_in_json(client, demo_offer, query, status):
    response = client.get(f"{SERVICES_URL}?{query}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == status and problem["detail"]


@pytest.mark.parametrize(
    ("service_id", "status"),
    [
        ("not-a-uuid", 400),
        ("1234", 400),
        ("%E2%9C%93", 400),
        (str(uuid.UUID(int=0)), 404),
        (str(uuid.uuid4()), 404),
    ],
)
def test_an_unknown_service_is_a_clear_error_in_json(client, demo_offer, service_id, status):
    response = client.get(f"{SERVICES_URL}/{service_id}")
    assert response.status_code == status
    assert json.loads(response.content)["status"] == status


def test_drafts_and_archived_services_are_not_in_the_api(client, demo_offer, make_service):
    oruk = opendata.Oruk(lambda path: path)
    for status in (Service.Status.DRAFT, Service.Status.ARCHIVED):
        service = make_service(status=status)
        url = f"{SERVICES_URL}/{oruk.service_id(service.area.slug, service.slug)}"
        assert client.get(url).status_code == 404
    names = {s["name"] for s in get_json(client, f"{SERVICES_URL}?per_page=200")["contents"]}
    assert names.isdisjoint({"Service 58", "Service 59"})


def test_the_api_says_what_it_follows(client, demo_offer):
    assert get_json(client, "/openreferral/v1/") == {
        "version": "3.0",
        "profile": "https://github.com/openreferral/uk-profile",
    }


# Queries and caching ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["offer", "list", "service"])
def test_queries_do_not_grow_with_content(client, demo_offer, make_service, make_contact, kind):
    oruk = opendata.Oruk(lambda path: path)
    url = {
        "offer": OFFER_URL,
        "list": f"{SERVICES_URL}?per_page=200",
        "service": f"{SERVICES_URL}/{oruk.service_id('accommodation', 'staying-put')}",
    }[kind]
    before = count_queries(client, url)
    add_content(make_service, make_contact)
    assert count_queries(client, url) == before  # the content changed, so no cache hit
    assert before <= 8


def test_open_data_comes_from_the_page_cache_and_anyone_may_read_it(client, demo_offer):
    first = client.get(OFFER_URL)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(OFFER_URL, headers={"if-none-match": first["ETag"]})
    assert second.status_code == 304 and len(queries) == 1  # the content version only
    gzipped = client.get(OFFER_URL, headers={"accept-encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    for response in (first, gzipped, client.get(SERVICES_URL)):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert response["Content-Type"] == "application/json"
        assert "Content-Security-Policy" in response
    service = Service.objects.get(slug="staying-put")
    service.title_en = "Changed"
    service.save()
    assert b'"en":"Changed"' in client.get(OFFER_URL).content


def test_open_data_refuses_other_methods(client, demo_offer):
    assert client.post(OFFER_URL).status_code == 405
    assert client.delete(SERVICES_URL).status_code == 405


# Sitemap ----------------------------------------------------------------------------------


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    """Each address in the sitemap, with its alternates by hreflang."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", SITEMAP).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)
        }
        for url in root.findall("s:url", SITEMAP)
    }


def test_the_sitemap_has_every_page_in_every_language_with_its_alternates(
    client, demo_offer, make_service
):
    make_service(slug="not-yet", status=Service.Status.DRAFT)
    urls = sitemap(client)
    base = "http://testserver"
    paths = {urlsplit(loc).path for loc in urls}
    for code in LANGUAGE_CODES:
        assert f"/{code}/" in paths and f"/{code}/feedback/" in paths
        for service in Service.objects.published().select_related("area"):
            assert f"/{code}/{service.area.slug}/{service.slug}/" in paths
    assert not any("not-yet" in path for path in paths)
    assert not any(path.endswith(".pdf") for path in paths)
    for loc, alternates in urls.items():
        assert set(alternates) == {*LANGUAGE_CODES, "x-default"}, loc
        code = urlsplit(loc).path.split("/")[1]
        assert alternates[code] == loc
        for other in LANGUAGE_CODES:  # each alternate lists this page back
            assert urls[alternates[other]][code] == loc
    # x-default is the address without a language: it sends a reader to theirs.
    x_default = urls[f"{base}/en/accommodation/staying-put/"]["x-default"]
    assert x_default == f"{base}/accommodation/staying-put/"
    response = client.get(x_default, headers={"accept-language": "ti"})
    assert response.status_code == 302 and response["Location"] == "/ti/accommodation/staying-put/"


def test_the_sitemap_queries_do_not_grow_with_content(
    client, demo_offer, make_service, make_contact
):
    before = count_queries(client, "/sitemap.xml")
    add_content(make_service, make_contact)
    assert count_queries(client, "/sitemap.xml") == before


# schema.org --------------------------------------------------------------------------------


def json_ld(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    [script] = page.select('script[type="application/ld+json"]')
    return script, json.loads(script.string)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_service_page_describes_itself_for_search_engines(client, demo_offer, language):
    service = Service.objects.select_related("area").get(slug="staying-put")
    url = f"/{language}/accommodation/staying-put/"
    _script, data = json_ld(client, url)
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
    assert data["name"] == getattr(service, f"title_{language}")
    assert data["url"] == f"http://testserver{url}"
    assert data["audience"]["suggestedMinAge"] == service.min_age
    assert data["provider"]["name"]
    assert [c["servicePhone"]["telephone"] for c in data["availableChannel"]] == [
        c.phone for c in service.contacts.all()
    ]


def test_text_staff_wrote_cannot_break_out_of_the_json_ld(client, demo_offer, make_service):
    hostile = 'Rent </script><script>alert("x")</script> & <!-- more'
    service = make_service(title=hostile)
    html = client.get(service.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<!-- more" not in html
    _script, data = json_ld(client, service.get_absolute_url())
    assert data["name"] == hostile


@pytest.mark.browser
def test_json_ld_breaks_no_policy_in_a_real_browser(live_server, demo_offer, desktop):
    messages = []
    desktop.on("console", lambda message: messages.append(message.text))
    desktop.goto(live_server.url + "/ar/accommodation/staying-put/")
    text = desktop.text_content('script[type="application/ld+json"]')
    assert json.loads(text)["@type"] == "GovernmentService"
    assert not [m for m in messages if "Content Security Policy" in m]


@given(
    page=st.text(max_size=30),
    per_page=st.text(max_size=30),
    service_id=st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="/?#%"),
        min_size=1,
        max_size=60,
    ),
)
@example(page="١", per_page="٢", service_id="１２３")  # digits of other scripts
@hypothesis_settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_junk_in_the_address_is_never_a_server_error(
    client, demo_offer, page, per_page, service_id
):
    answers = [
        client.get(SERVICES_URL, {"page": page, "per_page": per_page}),
        client.get(f"{SERVICES_URL}/{quote(service_id)}"),
    ]
    for response in answers:
        assert response.status_code in (200, 400, 404), response.content[:200]
        if response.status_code != 404 or response["Content-Type"] != "text/html; charset=utf-8":
            assert json.loads(response.content)


@pytest.mark.parametrize("url", [OFFER_URL, f"{SERVICES_URL}?per_page=20&page=2"])
def test_open_data_is_the_same_whatever_the_readers_language(client, demo_offer, url):
    """The page cache keeps one copy for every reader, so nothing may follow their
    Accept-Language (modeltranslation sorts and reads in the active language)."""
    answers = []
    for language in ("en", "ar", "ti"):
        for cache in caches.all():
            cache.clear()
        answers.append(client.get(url, headers={"accept-language": language}).content)
    assert answers[0] == answers[1] == answers[2]
