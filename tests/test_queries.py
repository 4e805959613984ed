"""Each page makes the same number of SQL queries however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers.models import Area, GlossaryTerm
from tests.conftest import page_names, url_in


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", page_names())
def test_query_count_does_not_grow_with_content(
    client, demo_offer, make_service, make_contact, name
):
    url = url_in("en", name)
    before = count_queries(client, url)
    contacts = [make_contact() for _ in range(3)]
    for area in Area.objects.all():
        for number in range(5):
            make_service(
                area=area,
                kind="statutory" if number % 2 else "discretionary",
                legal_basis="An Act",
                contacts=contacts,
            )
    for number in range(10):
        GlossaryTerm.objects.create(
            slug=f"word-{number}", term=f"Word {number}", definition="A word."
        )
    assert count_queries(client, url) == before
    # A hard ceiling too, so a page cannot quietly become expensive.
    assert before <= 8
