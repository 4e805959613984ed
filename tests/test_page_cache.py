"""Whole pages come from the cache until the content changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers.models import ContentVersion, Service


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_second_view_is_served_from_the_cache(client, demo_offer):
    first, rendered = queries_for(client, "/en/accommodation/")
    second, cached = queries_for(client, "/en/accommodation/")
    assert first.content == second.content
    assert rendered > 1
    assert cached == 1  # only the content version, as tests recheck it every time


def test_a_change_to_the_content_is_seen_at_once(client, demo_offer):
    service = Service.objects.published().select_related("area").first()
    client.get(service.area.get_absolute_url())
    service.title = "A title changed by staff"
    service.save()
    assert b"A title changed by staff" in client.get(service.area.get_absolute_url()).content


def test_changing_contacts_of_a_service_moves_the_version_on(demo_offer):
    service = Service.objects.first()
    before = ContentVersion.current()
    service.contacts.clear()
    assert ContentVersion.current() > before


def test_an_unchanged_page_costs_a_phone_no_data(client, demo_offer):
    first = client.get("/en/contacts/")
    assert first["Cache-Control"] == "no-cache"
    again = client.get("/en/contacts/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_gzip_and_plain_readers_get_their_own_copies(client, demo_offer):
    plain = client.get("/en/glossary/")
    gzipped = client.get("/en/glossary/", headers={"accept-encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]


def test_not_cached_for_signed_in_staff_or_errors(client, demo_offer, django_user_model):
    _response, cold = queries_for(client, "/en/no-such-area/")
    _response, again = queries_for(client, "/en/no-such-area/")
    assert again == cold  # a 404 is rendered each time, so wrong URLs cannot fill the cache
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(user)
    client.get("/en/")
    _response, signed_in = queries_for(client, "/en/")
    assert signed_in > 1
