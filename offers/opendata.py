"""The published offer as open data, for benchmarking groups, directories and search
engines:

- ``offer_document``: the whole offer in our own versioned format (``/api/v1/offer.json``,
  JSON Schema in ``schemas/offer-v1.json``), every text in every language, as the
  Markdown staff wrote;
- ``oruk_service_page`` and ``oruk_service``: services in the Open Referral UK shape
  (``/openreferral/v1/services``), in English;
- ``service_json_ld``: schema.org data for a service's page.

Only what the public pages show goes out: published services (never drafts or archived
ones), the areas, every contact (the contacts page lists them all), the glossary and the
offer settings a reader sees. Review dates staff set, translation bookkeeping, drafts,
feedback and accounts stay in.

Identifiers in the Open Referral output are UUIDs made with uuid5 from the council's
English name and the service's area and web address name (a service's slug is unique
within its area only), so they never change while those do not, and another council
running this software gets different ones.
"""

import functools
import json
import math
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.db.models import Case, When
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from offers.models import (
    SOURCE_LANGUAGE,
    Area,
    CareLeaverStatus,
    Condition,
    Contact,
    ContentVersion,
    GlossaryTerm,
    LegalTopic,
    OfferSettings,
    Service,
)

SCHEMA, SCHEMA_VERSION = "local-offer-open-data", 1
SCHEMA_FILE = Path(__file__).with_name("schemas") / "offer-v1.json"

#: Open Referral UK paging: the size a reader gets unless they ask, and the most they may ask.
PER_PAGE, MAX_PER_PAGE = 50, 200
#: Values of `page` and `per_page` we read; anything longer is refused rather than parsed.
WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")
ORUK_PROFILE = "https://github.com/openreferral/uk-profile"
ORUK_VERSION = "3.0"


class OpenDataError(Exception):
    """A request the open data cannot answer: `status` is 400 or 404."""

    def __init__(self, status, detail):
        self.status, self.detail = status, detail
        super().__init__(detail)


def json_response(data, status=200):
    """Open data for anyone: any site's scripts may read it (CORS), since it is public and
    no cookie or session changes it."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def problem_response(error):
    """An error as RFC 9457 problem details, in English like the rest of the API."""
    titles = {400: "Bad Request", 404: "Not Found"}
    data = {"type": "about:blank", "title": titles[error.status], "status": error.status}
    response = json_response({**data, "detail": error.detail}, status=error.status)
    response["Content-Type"] = "application/problem+json"
    return response


@functools.cache
def schema():
    """The JSON Schema of our format, to serve beside the file it describes."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def relative(path):
    return path


def in_languages(obj, field):
    """A text in every language it is written in; a missing translation is left out, not
    filled with the English the pages would show, so readers can tell which is which."""
    return {code: text for code in language_codes() if (text := obj.text_in(field, code))}


def urls_in_languages(name, kwargs, absolute):
    urls = {}
    for code in language_codes():
        with translation.override(code):
            urls[code] = absolute(reverse(name, kwargs=kwargs))
    return urls


def labels_in_languages(label):
    labels = {}
    for code in language_codes():
        with translation.override(code):
            labels[code] = str(label)
    return labels


def number(amount):
    """A Decimal amount as a JSON number, whole pounds without a fraction."""
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def published_services():
    """Published services in the order the site shows them, with their area and contacts.

    By the English title, whatever the reader's language (modeltranslation would sort
    "title" in it), and the primary key last, so a page of the list never shifts.
    """
    entitlements_first = Case(When(kind=Service.Kind.STATUTORY, then=0), default=1)
    title = Service.column("title", SOURCE_LANGUAGE)
    return (
        Service.objects.published()
        .select_related("area")
        .prefetch_related("contacts")
        .order_by("area__order", "area__pk", entitlements_first, "order", title, "pk")
    )


# Our own format ----------------------------------------------------------------------


def offer_document(absolute=relative):
    """The whole published offer as a dict in our open data format.

    `absolute` turns a path into the address readers should use (the view passes
    request.build_absolute_uri). A constant number of queries however much content.
    """
    offer = OfferSettings.load()
    _version, changed_at = ContentVersion.stamp()
    services = list(published_services())
    areas = list(Area.objects.all())
    term_order = GlossaryTerm.column("term", SOURCE_LANGUAGE)
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "schema_url": absolute(reverse("opendata_schema")),
        "last_changed": changed_at.isoformat() if changed_at else None,
        "source_language": SOURCE_LANGUAGE,
        "languages": [language_info(code) for code in language_codes()],
        "council_name": in_languages(offer, "council_name"),
        "is_example": offer.is_example,
        "published_on": offer.published_on.isoformat() if offer.published_on else None,
        "next_review_due": offer.next_review_due.isoformat() if offer.next_review_due else None,
        "url": urls_in_languages("offers:home", {}, absolute),
        "introduction": in_languages(offer, "introduction"),
        "main_contact": offer.main_contact.slug if offer.main_contact else None,
        "emergency_contact": offer.emergency_contact.slug if offer.emergency_contact else None,
        "areas": [
            area_data(area, [s for s in services if s.area_id == area.pk], absolute)
            for area in areas
        ],
        "contacts": [contact_data(contact) for contact in Contact.objects.order_by("order", "pk")],
        "glossary": [term_data(term) for term in GlossaryTerm.objects.order_by(term_order, "pk")],
        "codes": codes(),
    }


def language_info(code):
    info = translation.get_language_info(code)
    return {
        "code": code,
        "name": info["name"],
        "name_local": info["name_local"],
        "direction": "rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr",
    }


def area_data(area, services, absolute):
    return {
        "slug": area.slug,
        "title": in_languages(area, "title"),
        "summary": in_languages(area, "summary"),
        "introduction": in_languages(area, "introduction"),
        "url": urls_in_languages("offers:area_detail", {"area": area.slug}, absolute),
        "services": [service_data(service, absolute) for service in services],
    }


def service_data(service, absolute):
    kwargs = {"area": service.area.slug, "service": service.slug}
    return {
        "slug": service.slug,
        "kind": service.kind,
        "title": in_languages(service, "title"),
        "summary": in_languages(service, "summary"),
        "body": in_languages(service, "body"),
        "how_to_get": in_languages(service, "how_to_get"),
        "amount": number(service.amount),
        "amount_period": service.amount_period or None,
        "amount_is_maximum": service.amount_is_maximum,
        "min_age": service.min_age,
        "max_age": service.max_age,
        "statuses": list(service.statuses),
        "conditions": list(service.conditions),
        "eligibility_note": in_languages(service, "eligibility_note"),
        "topics": list(service.topics),
        "legal_basis": in_languages(service, "legal_basis"),
        "legal_url": service.legal_url or None,
        "contacts": [contact.slug for contact in service.contacts.all()],
        "last_checked": service.last_reviewed.isoformat(),
        "url": urls_in_languages("offers:service_detail", kwargs, absolute),
    }


def contact_data(contact):
    return {
        "slug": contact.slug,
        "name": in_languages(contact, "name"),
        "description": in_languages(contact, "description"),
        "phone": contact.phone or None,
        "email": contact.email or None,
        "opening_hours": in_languages(contact, "opening_hours"),
        "out_of_hours_phone": contact.out_of_hours_phone or None,
        "out_of_hours_note": in_languages(contact, "out_of_hours_note"),
        "address": contact.address or None,
        "website": contact.website or None,
    }


def term_data(term):
    return {
        "slug": term.slug,
        "term": in_languages(term, "term"),
        "definition": in_languages(term, "definition"),
        "easy_definition": in_languages(term, "easy_definition"),
    }


def codes():
    """Each code the file uses, by the service field that holds it, with its label in
    every language, so a reader can show them without knowing this site."""
    lists = {
        "kind": Service.Kind,
        "amount_period": Service.Period,
        "statuses": CareLeaverStatus,
        "conditions": Condition,
        "topics": LegalTopic,
    }
    return {
        name: [{"code": item.value, "label": labels_in_languages(item.label)} for item in choices]
        for name, choices in lists.items()
    }


# Open Referral UK --------------------------------------------------------------------


class Oruk:
    """Open Referral UK records of this site's services, with the identifiers they keep."""

    def __init__(self, absolute):
        self.absolute = absolute
        self.offer = OfferSettings.load()
        council = self.offer.text_in("council_name", SOURCE_LANGUAGE)
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:local-offer:{council}")
        self.council = council
        with translation.override(SOURCE_LANGUAGE):
            self.home = absolute(reverse("offers:home"))

    def uuid(self, *parts):
        return str(uuid.uuid5(self.namespace, "/".join(parts)))

    def service_id(self, area_slug, service_slug):
        return self.uuid("service", area_slug, service_slug)

    def organization(self):
        return {
            "id": self.uuid("organization"),
            "name": self.council or "Council",
            "description": (
                f"{self.council or 'The council'}: its local offer for care leavers, "
                "everything it provides for young people who have left its care, up to age 25."
            ),
            "website": self.home,
        }

    def service(self, service, full):
        english = {
            field: service.text_in(field, SOURCE_LANGUAGE) for field in ("title", "summary", "body")
        }
        with translation.override(SOURCE_LANGUAGE):
            url = self.absolute(service.get_absolute_url())
        organization = self.organization()
        data = {
            "id": self.service_id(service.area.slug, service.slug),
            "organization_id": organization["id"],
            "name": english["title"],
            "description": f"{english['summary']}\n\n{english['body']}".strip(),
            "url": url,
            "status": "active",
            "minimum_age": service.min_age,
            "maximum_age": service.max_age,
            "assured_date": service.last_reviewed.isoformat(),
            "last_modified": service.updated_at.isoformat(),
            "organization": organization,
        }
        emails = [contact.email for contact in service.contacts.all() if contact.email]
        if emails:
            data["email"] = emails[0]
        if full:
            data["contacts"] = [self.contact(service, c) for c in service.contacts.all()]
            data["cost_options"] = [self.cost_option(service, data["id"])]
            data["attributes"] = self.attributes(service, data["id"])
        return data

    def contact(self, service, contact):
        """A contact as Open Referral UK names it; its phones and email as in HSDS 3.0,
        which the UK profile's contact leaves open."""
        contact_id = self.uuid("contact", contact.slug)
        data = {
            "id": contact_id,
            "service_id": self.service_id(service.area.slug, service.slug),
            "name": contact.text_in("name", SOURCE_LANGUAGE),
        }
        if contact.email:
            data["email"] = contact.email
        phones = [
            (contact.phone, contact.text_in("opening_hours", SOURCE_LANGUAGE)),
            (contact.out_of_hours_phone, contact.text_in("out_of_hours_note", SOURCE_LANGUAGE)),
        ]
        data["phones"] = [
            {
                "id": self.uuid("phone", contact.slug, str(n)),
                "contact_id": contact_id,
                "number": phone,
                **({"description": note} if note else {}),
            }
            for n, (phone, note) in enumerate(phones)
            if phone
        ]
        return data

    def cost_option(self, service, service_id):
        """Every service in a local offer is free to the young person. Where it is worth an
        amount of money, that goes in the description: as a cost it would read as a price."""
        option = {
            "id": self.uuid("cost", service.area.slug, service.slug),
            "service_id": service_id,
            "option": "Care leavers",
            "amount": 0,
            "amount_description": "Free.",
        }
        if service.amount is not None:
            with translation.override(SOURCE_LANGUAGE):
                paid = str(service.amount_display())
            option["amount_description"] = f"Free. Amount of support: {paid}."
        return option

    def attributes(self, service, service_id):
        """Who can get it (care leaver status, then other conditions, any one of which is
        enough), and how the local offer files it (area, kind, topics of the law)."""
        with translation.override(SOURCE_LANGUAGE):
            explained = dict(CareLeaverStatus.explanations())
            terms = [
                ("care-leaver-status", "eligibility", CareLeaverStatus(code), explained[code])
                for code in service.statuses
            ]
            terms += [("condition", "eligibility", Condition(c), None) for c in service.conditions]
            terms += [("kind", "category", Service.Kind(service.kind), None)]
            terms += [("topic", "category", LegalTopic(code), None) for code in service.topics]
            found = [
                self.attribute(
                    service_id,
                    taxonomy,
                    link_type,
                    choice.value,
                    str(choice.label),
                    str(description or choice.label),
                )
                for taxonomy, link_type, choice, description in terms
            ]
        area = service.area.text_in("title", SOURCE_LANGUAGE)
        found.append(self.attribute(service_id, "area", "category", service.area.slug, area, area))
        return found

    def attribute(self, service_id, taxonomy, link_type, code, name, description):
        term_id = self.uuid("term", taxonomy, code)
        return {
            "id": self.uuid("attribute", service_id, taxonomy, code),
            "link_id": service_id,
            "link_type": link_type,
            "taxonomy_term_id": term_id,
            "taxonomy_term": {
                "id": term_id,
                "name": name,
                "description": description,
                "taxonomy": f"Local offer for care leavers: {taxonomy}",
                "taxonomy_id": self.uuid("taxonomy", taxonomy),
                "term": code,
            },
        }


def whole_number(query, name, default, largest):
    value = query.get(name)
    if value is None:
        return default
    if not WHOLE_NUMBER.fullmatch(value) or not 1 <= int(value) <= largest:
        raise OpenDataError(400, f"'{name}' must be a whole number from 1 to {largest}.")
    return int(value)


def oruk_service_page(query, absolute):
    """One page of the services list, in the Open Referral UK envelope; OpenDataError
    for a `page` or `per_page` that is not a page of it."""
    page = whole_number(query, "page", 1, 10**6)
    per_page = whole_number(query, "per_page", PER_PAGE, MAX_PER_PAGE)
    services = published_services()
    total = services.count()
    pages = math.ceil(total / per_page)
    if page > max(pages, 1):
        raise OpenDataError(404, f"There is no page {page}: there are {pages} pages.")
    oruk = Oruk(absolute)
    contents = [
        oruk.service(s, full=False) for s in services[(page - 1) * per_page : page * per_page]
    ]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def oruk_service(service_id, absolute):
    """One published service, fully nested; OpenDataError 400 for an identifier that is
    not a UUID and 404 for one that is no published service's."""
    try:
        wanted = str(uuid.UUID(service_id))
    except ValueError:
        raise OpenDataError(400, "A service's id is a UUID.") from None
    oruk = Oruk(absolute)
    keys = Service.objects.published().values_list("pk", "area__slug", "slug")
    found = [pk for pk, area, slug in keys if oruk.service_id(area, slug) == wanted]
    if not found:
        raise OpenDataError(404, f"No published service has the id {wanted}.")
    return oruk.service(published_services().get(pk=found[0]), full=True)


def oruk_about():
    """What `GET /` of an Open Referral UK API says about itself."""
    return {"version": ORUK_VERSION, "profile": ORUK_PROFILE}


# schema.org --------------------------------------------------------------------------

# As Django's json_script: no "</script>" or "<!--" can close or confuse the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script_json(data):
    """JSON for a <script> data block: HTML's special characters escaped as JSON allows."""
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def service_json_ld(service, contacts, council_name, url):
    """A service as schema.org's GovernmentService, in the page's language."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": service.title,
        "description": service.summary,
        "url": url,
        "serviceType": str(service.get_kind_display()),
        "provider": {"@type": "GovernmentOrganization", "name": council_name},
        "audience": {
            "@type": "PeopleAudience",
            "audienceType": _("Care leavers"),
            "suggestedMinAge": service.min_age,
            "suggestedMaxAge": service.max_age,
        },
        "offers": {"@type": "Offer", "price": 0, "priceCurrency": "GBP"},
    }
    channels = [
        {
            "@type": "ServiceChannel",
            "name": contact.name,
            **({"serviceUrl": contact.website} if contact.website else {}),
            "servicePhone": {
                "@type": "ContactPoint",
                "name": contact.name,
                **({"telephone": contact.phone} if contact.phone else {}),
                **({"email": contact.email} if contact.email else {}),
            },
        }
        for contact in contacts
    ]
    if channels:
        data["availableChannel"] = channels
    return data
