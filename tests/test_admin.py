"""Every registered admin page loads, and an edit in the admin shows on the public page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from offers.models import Service
from tests.conftest import admin_form_data


def admin_pages():
    return [
        pytest.param(
            model, f"admin:{model._meta.app_label}_{model._meta.model_name}", id=model._meta.label
        )
        for model in admin.site._registry
    ]


@pytest.mark.parametrize(("model", "prefix"), admin_pages())
def test_every_admin_page_loads(staff, demo_offer, model, prefix):
    changelist = staff.get(reverse(f"{prefix}_changelist"), follow=True)
    assert changelist.status_code == 200
    assert staff.get(reverse(f"{prefix}_add")).status_code in {200, 403}
    obj = model.objects.first()
    if obj is not None:
        change = staff.get(reverse(f"{prefix}_change", args=[obj.pk]))
        assert change.status_code == 200
        assert staff.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code == 200


def test_admin_index_and_search_and_filters(staff, demo_offer):
    assert staff.get(reverse("admin:index")).status_code == 200
    url = reverse("admin:offers_service_changelist")
    found = staff.get(url, {"q": "bursary"})
    assert found.status_code == 200
    assert found.context["cl"].result_count >= 2
    for params in [
        {"kind__exact": "statutory"},
        {"review": "overdue"},
        {"review": "soon"},
        {"review": "ok"},
        {"area__id__exact": "1"},
    ]:
        assert staff.get(url, params).status_code == 200


def test_areas_cannot_be_added_or_deleted_in_the_admin(staff, demo_offer):
    assert staff.get(reverse("admin:offers_area_add")).status_code == 403
    response = staff.get(reverse("admin:offers_area_delete", args=[1]))
    assert response.status_code == 403


def test_changing_a_service_in_the_admin_shows_on_the_public_page(staff, demo_offer):
    service = Service.objects.published().select_related("area").first()
    url = reverse("admin:offers_service_change", args=[service.pk])
    data = admin_form_data(staff, url)
    data["title_en"] = "A brand new title typed by staff"
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = staff.get(service.get_absolute_url()).content.decode()
    assert "A brand new title typed by staff" in page


def test_admin_shows_an_error_and_changes_nothing_on_a_bad_form(staff, demo_offer):
    service = Service.objects.published().first()
    url = reverse("admin:offers_service_change", args=[service.pk])
    response = staff.post(url, {"title_en": "Half a form", "min_age": "30"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    service.refresh_from_db()
    assert service.title_en != "Half a form"
