"""Comparing our offer with other councils' open data: the differences found, the
command, the staff page, and every kind of file refused with its reason."""

import contextlib
import copy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from offers import compare
from offers.backup import dumps, export_offer
from offers.opendata import offer_document
from tests.conftest import member

COMPARE_URL = "/admin/compare/"


@pytest.fixture
def ours(demo_offer):
    return offer_document()


def service(offer, slug):
    return next(s for area in offer["areas"] for s in area["services"] if s["slug"] == slug)


def changed(ours):
    """Another council's offer: ours with one service removed, one added, an amount
    changed and a topic added; plus a slug and a title changed in ways that must still
    match."""
    theirs = copy.deepcopy(ours)
    theirs["council_name"] = {"en": "Othertown Council"}
    areas = {area["slug"]: area for area in theirs["areas"]}
    areas["accommodation"]["services"].remove(service(theirs, "rent-deposit"))
    areas["employment"]["services"].append(
        {
            **copy.deepcopy(service(theirs, "driving-lessons")),
            "slug": "covenant-jobs",
            "title": {"en": "Jobs with Covenant employers"},
            "topics": ["financial-literacy"],
        }
    )
    service(theirs, "setting-up-home-allowance")["amount"] = 3500
    service(theirs, "driving-lessons")["topics"] = ["financial-support"]
    service(theirs, "staying-put")["slug"] = "staying-put-with-foster-carers"
    service(theirs, "rent-guarantor")["title"] = {"en": "RENT  guarantor!"}
    return theirs


def differences(comparison):
    found = set()
    for group in comparison.groups:
        where = (group.kind, group.key)
        found |= {(*where, "ours", item.entry.slug) for item in group.only_ours}
        found |= {(*where, "theirs", item.entry.slug) for item in group.only_theirs}
        found |= {(*where, "amount", d.ours.slug) for d in group.amounts}
    return found


def test_a_comparison_reports_exactly_what_differs(ours):
    [comparison] = compare.compare_with_ours([("theirs.json", changed(ours))], ours)
    assert differences(comparison) == {
        ("area", "accommodation", "ours", "rent-deposit"),
        ("topic", "preventing-homelessness", "ours", "rent-deposit"),
        ("area", "employment", "theirs", "covenant-jobs"),
        ("topic", "financial-literacy", "theirs", "covenant-jobs"),
        ("area", "accommodation", "amount", "setting-up-home-allowance"),
        ("topic", "financial-support", "amount", "setting-up-home-allowance"),
        ("topic", "financial-support", "theirs", "driving-lessons"),
    }
    assert comparison.council == "Othertown Council"
    assert (comparison.our_count, comparison.their_count) == (
        comparison.their_count,
        comparison.our_count,
    )
    groups = {(group.kind, group.key): group for group in comparison.groups}
    assert len(groups) == 6 + 5  # the six areas and the five topics of the 2026 Act
    [amount] = groups["area", "accommodation"].amounts
    assert (amount.our_amount, amount.their_amount) == ("£3,000, paid once", "£3,500, paid once")
    [topic] = groups["topic", "financial-support"].only_theirs
    assert topic.note == "we offer it too, but not for this topic"
    assert not groups["area", "relationships"].differs


def test_the_same_offer_has_no_differences(ours):
    [comparison] = compare.compare_with_ours([("same.json", copy.deepcopy(ours))], ours)
    assert differences(comparison) == set()
    assert len(comparison.same) == 11


def test_a_service_moved_to_another_area_is_missing_from_each_with_a_note(ours):
    theirs = copy.deepcopy(ours)
    moved = service(theirs, "festival-gift")
    next(a for a in theirs["areas"] if a["slug"] == "relationships")["services"].remove(moved)
    next(a for a in theirs["areas"] if a["slug"] == "employment")["services"].append(moved)
    [comparison] = compare.compare_with_ours([("moved.json", theirs)], ours)
    assert differences(comparison) == {
        ("area", "relationships", "ours", "festival-gift"),
        ("area", "employment", "theirs", "festival-gift"),
    }
    [item] = next(g for g in comparison.groups if g.key == "relationships").only_ours
    assert item.note == "they list it under Employment"


def test_the_command_reads_files_and_prints_the_report(ours, tmp_path):
    path = tmp_path / "othertown.json"
    path.write_text(json.dumps(changed(ours)), encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("compare_offers", str(path), str(path), stdout=out)
    text = out.getvalue()
    assert text.count("Othertown Council (") == 2
    deposit = service(ours, "rent-deposit")["title"]["en"]
    assert f"We offer, they do not:\n    - {deposit} (rent-deposit)\n" in text
    allowance = service(ours, "setting-up-home-allowance")["title"]["en"]
    assert f"{allowance}: ours £3,000, paid once; theirs £3,500, paid once" in text
    assert "covenant-jobs" in text and "Topic: Financial literacy" in text
    assert re.search(r"\nNo differences: [^\n]*Relationships", text)


class Serve(BaseHTTPRequestHandler):
    """Another council's site, in a thread: each path answers differently."""

    body = b""

    def do_GET(self):
        if self.path == "/slow.json":
            time.sleep(1.5)
        if self.path == "/missing.json":
            self.send_error(404)
            return
        if self.path == "/moved.json":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = b" " * (compare.MAX_BYTES + 1) if self.path == "/huge.json" else self.body
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a refusing reader
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def other_site(ours):
    Serve.body = json.dumps(changed(ours)).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Serve)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_command_fetches_addresses_within_a_time_and_size_limit(other_site, monkeypatch):
    out = StringIO()
    call_command("compare_offers", f"{other_site}/api/v1/offer.json", stdout=out)
    assert "Othertown Council" in out.getvalue()
    monkeypatch.setattr(compare, "TIMEOUT", 0.5)
    refusals = {
        "/slow.json": "cannot be fetched",
        "/missing.json": "the server answered 404",
        "/huge.json": "larger than 5 MB",
        "/moved.json": "the server answered 302",  # a redirect away from http is not followed
    }
    for path, reason in refusals.items():
        with pytest.raises(CommandError, match=reason):
            call_command("compare_offers", other_site + path, stdout=StringIO())
    with pytest.raises(CommandError, match="only http and https"):
        call_command("compare_offers", "file:///etc/passwd", stdout=StringIO())


def bad_files(ours):
    wrong_version = {**copy.deepcopy(ours), "schema_version": 2}
    no_titles = copy.deepcopy(ours)
    for area in no_titles["areas"]:
        for item in area["services"]:
            del item["title"]
    not_a_number = json.dumps(ours).replace('"amount": 30,', '"amount": NaN,', 1).encode()
    assert b"NaN" in not_a_number
    return {
        "not-json.json": (b"<html>Not found</html>", "this is not a JSON file"),
        "latin1.json": ("{'café': 1}".encode("latin-1"), "this is not a JSON file"),
        "list.json": (b"[1, 2]", 'its "schema" is not "local-offer-open-data"'),
        "nan.json": (not_a_number, "NaN is not a number in JSON"),
        "deep.json": (b"[" * 100_000, "this is not a JSON file"),
        "backup.json": (dumps(export_offer()).encode(), "a backup of a whole site"),
        "v2.json": (json.dumps(wrong_version).encode(), "its schema version is 2"),
        "no-titles.json": (json.dumps(no_titles).encode(), r"title is missing"),
    }


def test_the_command_refuses_bad_files_with_the_reason(ours, tmp_path):
    for name, (data, reason) in bad_files(ours).items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CommandError, match=reason):
            call_command("compare_offers", str(path), stdout=StringIO())
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (compare.MAX_BYTES + 1))
    with pytest.raises(CommandError, match="larger than 5 MB"):
        call_command("compare_offers", str(big), stdout=StringIO())
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("compare_offers", str(tmp_path / "nowhere.json"), stdout=StringIO())


def test_no_titles_lists_each_problem_up_to_ten(ours):
    data, _reason = bad_files(ours)["no-titles.json"]
    with pytest.raises(compare.CompareError) as refused:
        compare.load_offer(data, "no-titles.json")
    assert len(refused.value.problems) == 11
    assert refused.value.problems[0] == (
        "no-titles.json: areas[0].services[0].title is missing or of the wrong type."
    )


# The staff page ------------------------------------------------------------------------------


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/json")


def test_staff_upload_files_and_read_the_report(staff, ours):
    page = staff.get(COMPARE_URL)
    assert page.status_code == 200 and b'type="file"' in page.content
    assert b"multiple" in page.content
    theirs = json.dumps(changed(ours)).encode()
    response = staff.post(
        COMPARE_URL,
        {
            "files": [
                upload("othertown.json", theirs),
                upload("same.json", json.dumps(ours).encode()),
            ]
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<table class="coverage">') == 2
    assert "Othertown Council (othertown.json)" in html
    assert "<code>rent-deposit</code>" in html and "<code>covenant-jobs</code>" in html
    allowance = service(ours, "setting-up-home-allowance")["title"]["en"]
    assert f"{allowance}: ours £3,000, paid once; theirs £3,500, paid once" in html
    comparisons = response.context["comparisons"]
    assert [differences(c) == set() for c in comparisons] == [False, True]


def test_the_staff_page_refuses_bad_files_clearly(staff, ours):
    for name, (data, reason) in bad_files(ours).items():
        response = staff.post(COMPARE_URL, {"files": [upload(name, data)]})
        assert response.status_code == 400, name
        assert response.context["comparisons"] is None
        errors = " ".join(response.context["form"].errors["files"])
        assert name in errors and re.search(reason, errors), (name, errors)
    response = staff.post(COMPARE_URL, {"files": [upload("big.json", b" " * (5 * 2**20 + 1))]})
    assert response.status_code == 400
    assert "big.json: the file is larger than 5 MB." in response.context["form"].errors["files"]
    assert staff.post(COMPARE_URL, {}).status_code == 400  # no file at all


def test_only_staff_who_may_view_services_may_compare(client, demo_offer, django_user_model):
    assert client.get(COMPARE_URL).status_code == 302  # to the sign-in page
    assert member(django_user_model, "nobody").get(COMPARE_URL).status_code == 403
    from offers.roles import EDITORS

    assert member(django_user_model, EDITORS, "ed").get(COMPARE_URL).status_code == 200


def test_the_staff_home_page_links_to_the_comparison(staff, demo_offer):
    assert COMPARE_URL.encode() in staff.get("/admin/").content
