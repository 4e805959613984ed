"""Feedback: "Was this page helpful?" on every page and "tell us what is missing";
stored, moderated and exported by staff; no JavaScript needed; hard to spam."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from offers.models import Feedback
from tests.conftest import page_names, url_in

REAL_CLIENT = {"enforce_csrf_checks": True}  # as a browser: no token from a cached page


def send(client, **data):
    return client.post("/en/feedback/", {"kind": "page", "page": "/en/contacts/", **data})


@pytest.mark.parametrize("name", [n for n in page_names() if n != "offers:feedback"])
def test_every_page_asks_whether_it_helped(client, demo_offer, name):
    page = BeautifulSoup(client.get(url_in("en", name)).content, "html.parser")
    form = page.select_one("#feedback form")
    assert form["action"] == "/en/feedback/" and form["method"] == "post"
    assert {b["value"] for b in form.select("button[name=helpful]")} == {"yes", "no"}
    assert "Do not write your name" in form.get_text()


def test_a_yes_or_no_is_stored_and_the_reader_thanked(demo_offer):
    client = Client(**REAL_CLIENT)
    response = send(client, helpful="no", comment="I could not find the phone number.")
    assert response.status_code == 302
    assert response["Location"] == "/en/contacts/?feedback=thanks#feedback"
    (item,) = Feedback.objects.all()
    assert (item.kind, item.page, item.language, item.helpful) == (
        "page",
        "/en/contacts/",
        "en",
        False,
    )
    assert item.comment == "I could not find the phone number."
    assert item.status == Feedback.Status.NEW
    thanks = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert "Thank you" in thanks.select_one("#feedback").get_text()
    assert not thanks.select("#feedback form")


def test_what_is_missing_is_asked_on_its_own_page(demo_offer):
    client = Client(**REAL_CLIENT)
    page = BeautifulSoup(client.get("/ar/feedback/").content, "html.parser")
    with translation.override("ar"):
        assert page.h1.get_text() == translation.gettext("Tell us what is missing")
    empty = client.post("/ar/feedback/", {"kind": "missing", "page": "/ar/feedback/"})
    assert empty.status_code == 400
    with translation.override("ar"):
        assert translation.gettext("Tell us what is missing.") in empty.content.decode()
    sent = client.post(
        "/ar/feedback/",
        {"kind": "missing", "page": "/ar/feedback/", "comment": "مساعدة في تعلم الطبخ"},
    )
    assert sent["Location"] == "/ar/feedback/?feedback=thanks#feedback"
    item = Feedback.objects.get()
    assert (item.kind, item.language, item.comment) == ("missing", "ar", "مساعدة في تعلم الطبخ")


def test_bad_input_changes_nothing(demo_offer):
    client = Client()
    assert send(client, helpful="maybe").status_code == 400
    assert send(client, helpful="yes", comment="x" * 2001).status_code == 400
    assert send(client, kind="rating", helpful="yes").status_code == 400
    assert not Feedback.objects.exists()


def test_the_honeypot_and_foreign_addresses(demo_offer):
    client = Client()
    trap = send(client, helpful="yes", website="http://spam.example")
    assert trap.status_code == 302 and not Feedback.objects.exists()
    for page in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = send(client, helpful="yes", page=page)
        assert response["Location"] == "/en/feedback/?feedback=thanks#feedback"


def test_one_address_cannot_flood_it(demo_offer, settings):
    settings.FEEDBACK_PER_HOUR = 2
    client = Client()
    assert send(client, helpful="yes").status_code == 302
    assert send(client, helpful="yes").status_code == 302
    refused = send(client, helpful="yes")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert Feedback.objects.count() == 2
    assert send(Client(REMOTE_ADDR="192.0.2.9"), helpful="yes").status_code == 302


def test_staff_moderate_and_export(staff, demo_offer):
    Feedback.objects.create(kind="page", page="/en/", language="en", helpful=True, comment="Good")
    Feedback.objects.create(kind="missing", language="fa", comment='=HYPERLINK("x")')
    ids = [str(pk) for pk in Feedback.objects.values_list("pk", flat=True)]
    listing = "/admin/offers/feedback/"
    assert staff.get(listing).status_code == 200
    assert staff.get(listing + "add/").status_code == 403
    staff.post(listing, {"action": "mark_read", "_selected_action": ids[:1]})
    staff.post(listing, {"action": "hide", "_selected_action": ids[1:]})
    assert sorted(Feedback.objects.values_list("status", flat=True)) == ["hidden", "read"]
    download = staff.post(listing, {"action": "export_csv", "_selected_action": ids})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:3] == ["received", "kind", "page"] and len(rows) == 3
    comments = {row[5] for row in rows[1:]}
    assert comments == {"Good", '\'=HYPERLINK("x")'}  # not a formula in a spreadsheet


@pytest.mark.browser
def test_feedback_works_without_javascript(live_server, demo_offer, no_script_phone):
    page = no_script_phone
    page.goto(live_server.url + "/ar/accommodation/")
    with translation.override("ar"):
        yes = translation.gettext("Yes")
        thanks = translation.gettext("Thank you for telling us")
    page.locator("#feedback").get_by_role("button", name=yes, exact=True).click()
    page.wait_for_url("**/ar/accommodation/?feedback=thanks#feedback")
    assert thanks in page.locator("#feedback").inner_text()
    assert Feedback.objects.get().helpful is True
