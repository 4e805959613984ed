import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from offers.models import Area, OfferSettings, Service


@pytest.mark.django_db
def test_the_six_areas_exist_with_fixed_slugs():
    assert list(Area.objects.values_list("slug", flat=True)) == [
        "health-and-wellbeing",
        "relationships",
        "education-and-training",
        "employment",
        "accommodation",
        "participation-in-society",
    ]


@pytest.mark.django_db
def test_areas_cannot_be_deleted_one_by_one_or_in_bulk():
    area = Area.objects.first()
    with pytest.raises(ProtectedError):
        area.delete()
    with pytest.raises(ProtectedError):
        Area.objects.all().delete()
    assert Area.objects.count() == 6


def test_published_for_area_and_kind(make_service):
    housing = Area.objects.get(slug="accommodation")
    health = Area.objects.get(slug="health-and-wellbeing")
    right = make_service(area=housing, kind="statutory", legal_basis="Children Act 1989")
    extra = make_service(area=housing)
    make_service(area=housing, status=Service.Status.DRAFT)
    make_service(area=health)
    published_here = Service.objects.published().for_area(housing)
    assert set(published_here) == {right, extra}
    assert list(published_here.statutory()) == [right]
    assert list(published_here.discretionary()) == [extra]


def test_review_overdue_is_more_than_a_year_ago(make_service):
    today = datetime.date(2026, 11, 22)
    old = make_service(last_reviewed=datetime.date(2025, 11, 21))
    make_service(last_reviewed=datetime.date(2025, 11, 22))
    assert list(Service.objects.review_overdue(today)) == [old]


@pytest.mark.parametrize(
    ("amount", "period", "maximum", "expected"),
    [
        (Decimal("3000"), "one_off", False, "£3,000, paid once"),
        (Decimal("1200"), "year", True, "up to £1,200 a year"),
        (Decimal("57.50"), "week", False, "£57.50 a week"),
        (None, "", False, ""),
    ],
)
def test_amount_in_words(amount, period, maximum, expected):
    service = Service(amount=amount, amount_period=period, amount_is_maximum=maximum)
    assert service.amount_display() == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field_with_error"),
    [
        ({"min_age": 22, "max_age": 18}, "max_age"),
        ({"amount": Decimal("10")}, "amount_period"),
        ({"amount_period": "week"}, "amount"),
        ({"kind": "statutory", "legal_basis": ""}, "legal_basis"),
        ({"statuses": ["orphan"]}, "statuses"),
        ({"statuses": []}, "statuses"),
        ({"conditions": ["rich"]}, "conditions"),
        ({"min_age": 12}, "min_age"),
        ({"max_age": 30}, "max_age"),
    ],
)
def test_service_validation(fields, field_with_error):
    values = {
        "area": Area.objects.first(),
        "kind": "discretionary",
        "slug": "a-service",
        "title": "A service",
        "summary": "A summary.",
        "body": "Text.",
        "statuses": ["former_relevant"],
    } | fields
    with pytest.raises(ValidationError) as error:
        Service(**values).full_clean()
    assert field_with_error in error.value.message_dict


def test_valid_service_passes_validation(make_service):
    make_service(amount=Decimal("50"), amount_period="year", conditions=["parent"]).full_clean()


@pytest.mark.django_db
def test_offer_settings_is_a_single_row_that_cannot_be_deleted():
    first = OfferSettings.load()
    OfferSettings(council_name="Another").save()
    assert OfferSettings.objects.count() == 1
    assert OfferSettings.load().council_name == "Another"
    with pytest.raises(ProtectedError):
        first.delete()


def test_slug_is_unique_within_an_area_only(make_service):
    from django.db import IntegrityError, transaction

    make_service(area=Area.objects.get(slug="employment"), slug="help")
    make_service(area=Area.objects.get(slug="accommodation"), slug="help")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_service(area=Area.objects.get(slug="employment"), slug="help")
