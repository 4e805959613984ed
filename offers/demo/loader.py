"""Load the demo offer of a fictional council.

The English is in `offer.toml` beside this file; the example translations are PO files
in `translations/<language>/`, read through the same importer translators' files go
through. Loading is idempotent: every row is found by its stable key (a slug) and
updated, so running it twice changes nothing.
"""

import tomllib
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from modeltranslation.translator import translator

from offers.models import (
    SOURCE_LANGUAGE,
    Area,
    Contact,
    EasyReadSentence,
    GlossaryTerm,
    OfferSettings,
    Service,
    TranslatedContent,
)
from offers.signals import one_change
from offers.translation_io import Kinds, apply_plans, plan_import

DEMO_FILE = Path(__file__).with_name("offer.toml")
EASY_READ_FILE = Path(__file__).with_name("easy_read.toml")
TRANSLATIONS = Path(__file__).with_name("translations")


def read_demo(path=DEMO_FILE):
    with open(path, "rb") as file:
        return tomllib.load(file)


def _assign(obj, values):
    """Set fields on obj; translatable ones are written to their English column."""
    translated = set(translator.get_options_for_model(type(obj)).fields)
    for name, value in values.items():
        column = f"{name}_{SOURCE_LANGUAGE}" if name in translated else name
        setattr(obj, column, value)


def load_easy_read(offer, areas, path=EASY_READ_FILE):
    """The easy-read sentences and glossary meanings, matched by owner and position."""
    if not path.exists():
        return
    data = read_demo(path)
    services = {f"{s.area.slug}/{s.slug}": s for s in Service.objects.select_related("area")}
    owners = [(offer, data.get("settings", {}))]
    owners += [(areas[slug], item) for slug, item in data.get("areas", {}).items()]
    owners += [(services[key], item) for key, item in data.get("services", {}).items()]
    for owner, item in owners:
        existing = list(owner.easy_read.all())
        wanted = item.get("sentences", [])
        for position, values in enumerate(wanted):
            sentence = (
                existing[position]
                if position < len(existing)
                else EasyReadSentence(**{_owner_field(owner): owner})
            )
            _assign(
                sentence,
                {
                    "text": values["text"],
                    "picture": values["picture"],
                    "picture_is_decorative": values.get("decorative", False),
                    "order": position + 1,
                },
            )
            sentence.save()
        for extra in existing[len(wanted) :]:
            extra.delete()
    for slug, meaning in data.get("glossary", {}).items():
        term = GlossaryTerm.objects.get(slug=slug)
        _assign(term, {"easy_definition": meaning})
        term.save()


def _owner_field(owner):
    return {OfferSettings: "offer", Area: "area", Service: "service"}[type(owner)]


def load_demo_translations(languages=None):
    """Import the example translations for the configured languages."""
    items = Kinds.index()
    plans = []
    for po_path in sorted(TRANSLATIONS.glob("*/*.po")):
        language = po_path.parent.name
        if language not in TranslatedContent.target_languages():
            continue
        if languages is not None and language not in languages:
            continue
        plans.append(plan_import(po_path.read_bytes(), language, items))
    # The demo is loaded, not edited: its history starts when staff first open an item.
    return apply_plans(plans, keep_history=False)


@transaction.atomic
@one_change()
def load_demo_offer(path=DEMO_FILE, languages=None):
    """Create or update the whole demo offer; returns counts of what it holds.

    `languages` limits which example translations are loaded (default: all configured).
    """
    data = read_demo(path)

    contacts = {}
    for order, item in enumerate(data["contacts"], start=1):
        item = dict(item)
        contact = Contact.objects.filter(slug=item["key"]).first() or Contact(slug=item["key"])
        _assign(contact, {k: v for k, v in item.items() if k != "key"} | {"order": order})
        # The database enforces the constraints; checking them here too would query twice.
        contact.full_clean(validate_unique=False, validate_constraints=False)
        contact.save()
        contacts[item["key"]] = contact

    areas = {}
    for order, item in enumerate(data["areas"], start=1):
        # The areas come from a migration; a test database that was flushed lacks them.
        area, _created = Area.objects.get_or_create(slug=item["slug"], defaults={"order": order})
        _assign(area, {k: v for k, v in item.items() if k != "slug"})
        area.save()
        areas[area.slug] = area

    for order, item in enumerate(data["services"], start=1):
        item = dict(item)
        area = areas[item.pop("area")]
        contact_keys = item.pop("contacts", [])
        service = Service.objects.filter(area=area, slug=item["slug"]).first() or Service(
            area=area, slug=item["slug"]
        )
        item.setdefault("amount", None)
        item.setdefault("amount_period", "")
        item.setdefault("amount_is_maximum", False)
        item.setdefault("conditions", [])
        item.setdefault("topics", [])
        _assign(service, item | {"status": Service.Status.PUBLISHED, "order": order})
        service.full_clean(validate_unique=False, validate_constraints=False)
        service.save()
        service.contacts.set([contacts[key] for key in contact_keys])

    for item in data["glossary"]:
        slug = slugify(item["term"])
        term = GlossaryTerm.objects.filter(slug=slug).first() or GlossaryTerm(slug=slug)
        _assign(term, item)
        term.save()

    offer = OfferSettings.load()
    load_easy_read(offer, areas)
    values = dict(data["settings"])
    values["main_contact"] = contacts[values["main_contact"]]
    values["emergency_contact"] = contacts[values["emergency_contact"]]
    _assign(offer, values | {"is_example": True})
    offer.save()

    translated = load_demo_translations(languages)

    return {
        "translated texts": translated,
        "contacts": Contact.objects.count(),
        "services": Service.objects.count(),
        "glossary terms": GlossaryTerm.objects.count(),
    }
