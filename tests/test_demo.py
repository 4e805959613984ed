"""The demo offer is realistic, complete and safe to load twice."""

from collections import Counter
from decimal import Decimal

import pytest

from offers.demo.loader import load_demo_offer
from offers.models import Area, Contact, GlossaryTerm, OfferSettings, Service


def test_loading_twice_duplicates_nothing(demo_offer):
    counts = {
        "services": Service.objects.count(),
        "contacts": Contact.objects.count(),
        "terms": GlossaryTerm.objects.count(),
        "areas": Area.objects.count(),
    }
    # Nothing to import either: the restored copy is exactly what the loader makes.
    assert load_demo_offer()["translated texts"] == 0
    assert counts == {
        "services": Service.objects.count(),
        "contacts": Contact.objects.count(),
        "terms": GlossaryTerm.objects.count(),
        "areas": Area.objects.count(),
    }


def test_demo_is_big_enough_with_both_kinds_in_every_area(demo_offer):
    services = Service.objects.published()
    assert services.count() >= 40
    kinds = Counter(services.values_list("area__slug", "kind"))
    for area in Area.objects.all():
        assert kinds[(area.slug, "statutory")] >= 1, area.slug
        assert kinds[(area.slug, "discretionary")] >= 1, area.slug
    assert GlossaryTerm.objects.count() >= 15


def test_every_demo_service_is_valid_and_has_a_contact(demo_offer):
    for service in Service.objects.all():
        service.full_clean()
        assert service.contacts.exists(), service


def test_contacts_include_out_of_hours(demo_offer):
    offer = OfferSettings.load()
    assert offer.is_example
    assert offer.emergency_contact.out_of_hours_phone
    assert offer.council_name == "Ashbury Borough Council"


def find(words):
    matches = [s for s in Service.objects.published() if all(w in s.title.lower() for w in words)]
    assert matches, f"no service titled with {words}"
    return matches[0]


@pytest.mark.parametrize(
    ("words", "kind", "at_least", "period", "maximum"),
    [
        (("setting", "home"), None, Decimal("3000"), "one_off", False),
        (("higher education", "bursary"), "statutory", Decimal("2000"), "one_off", False),
        (("apprenticeship", "bursary"), "statutory", Decimal("3000"), "one_off", False),
        (("16 to 19", "bursary"), "statutory", Decimal("1200"), "year", True),
    ],
)
def test_current_real_figures(demo_offer, words, kind, at_least, period, maximum):
    service = find(words)
    assert service.amount >= at_least
    assert service.amount_period == period
    assert service.amount_is_maximum == maximum
    if kind:
        assert service.kind == kind


def test_statutory_rights_and_discretionary_council_tax(demo_offer):
    adviser = find(("personal adviser",))
    assert adviser.kind == "statutory" and adviser.max_age == 25
    staying_put = find(("staying put",))
    assert staying_put.kind == "statutory" and staying_put.max_age == 21
    health = find(("prescriptions",))
    assert health.kind == "statutory" and health.max_age == 25
    assert "December 2025" in health.body + health.legal_basis
    council_tax = find(("council tax",))
    assert council_tax.kind == "discretionary"
