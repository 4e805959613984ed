"""Staff sign-in: a lockout after repeated wrong passwords, a code from an authenticator
app (set up once, then asked at every sign-in), sessions that end when left idle, and a
log line for each event."""

import logging

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import screenshot

PASSWORD = "pw-sam-123"  # the shared staff_user's


@pytest.fixture
def two_factor_required(settings):
    settings.REQUIRE_TWO_FACTOR = True


def sign_in(client, username="sam", password=PASSWORD, follow=True):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        follow=follow,
    )


def signin_events(caplog):
    return [r for r in caplog.records if r.name == "offers.signin"]


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_repeated_wrong_passwords_lock_the_name_out(client, staff_user, settings, caplog):
    caplog.set_level(logging.INFO, logger="offers.signin")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, password="wrong-password").status_code == 200
    locked = sign_in(client, password="wrong-password")
    assert locked.status_code == 429
    assert "signing in with this name is paused" in locked.content.decode()
    # Even the right password is refused until the pause ends.
    assert sign_in(client).status_code == 429
    assert "_auth_user_id" not in client.session
    events = [record.event for record in signin_events(caplog)]
    assert events.count("sign-in-failed") >= settings.AXES_FAILURE_LIMIT
    assert "locked-out" in events
    assert all(record.user == "sam" for record in signin_events(caplog))
    assert not any(PASSWORD in str(record.__dict__) for record in caplog.records)


def test_a_right_password_clears_earlier_failures(client, staff_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, password="wrong-password")
    assert sign_in(client).status_code == 200
    client.post("/admin/logout/")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(Client(), password="wrong-password").status_code == 200


def test_two_factor_is_set_up_then_asked_for(client, staff_user, two_factor_required, caplog):
    caplog.set_level(logging.INFO, logger="offers.signin")
    response = sign_in(client)
    assert response.redirect_chain[-1][0].startswith("/admin/two-factor/")
    page = response.content.decode()
    assert "<svg" in page and "scan this code" in page  # the QR code, inline
    assert client.get("/admin/").status_code == 302  # not yet in
    device = TOTPDevice.objects.get(user=staff_user, confirmed=False)
    wrong = client.post("/admin/two-factor/", {"code": "000000", "next": "/admin/"})
    assert "That code did not work" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows down after a wrong code
    device.save()
    done = client.post("/admin/two-factor/", {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # Next time: password, then the code (no new QR code).
    client.post("/admin/logout/")
    again = Client()
    response = sign_in(again)
    assert "scan this code" not in response.content.decode()
    assert again.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # the code just used may not be used twice
    device.save()
    again.post("/admin/two-factor/", {"code": code_for(device)})
    assert again.get("/admin/").status_code == 200
    events = [record.event for record in signin_events(caplog)]
    for event in ("sign-in", "two-factor-failed", "two-factor-device-added", "sign-out"):
        assert event in events


def test_two_factor_is_optional_in_the_demo_until_set_up(client, staff_user, settings):
    settings.REQUIRE_TWO_FACTOR = False
    sign_in(client)
    assert client.get("/admin/").status_code == 200
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    assert client.get("/admin/").status_code == 302  # whoever set one up is asked for it
    client.post("/admin/two-factor/", {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_the_two_factor_page_sends_only_to_this_site(client, staff_user, two_factor_required):
    sign_in(client)
    device = TOTPDevice.objects.get(user=staff_user)
    response = client.post(
        "/admin/two-factor/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_a_session_ends_after_a_time_without_activity(client, staff_user, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    sign_in(client)
    assert client.get("/admin/").status_code == 200
    session = Session.objects.get()
    later = session.expire_date
    client.get("/admin/")
    assert Session.objects.get().expire_date >= later  # each request moves the end on
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.browser
def test_lockout_and_two_factor_in_a_browser(live_server, staff_user, browser, settings):
    settings.REQUIRE_TWO_FACTOR = True
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()

    def attempt(password):
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "sam")
        page.fill("#id_password", password)
        page.click("input[type=submit]")

    attempt("wrong-password")
    assert page.locator(".errornote").is_visible()
    attempt(PASSWORD)
    page.wait_for_url("**/admin/two-factor/**")
    assert page.locator(".two-factor-qr svg").is_visible()
    screenshot(page, "admin-two-factor-setup")
    device = TOTPDevice.objects.get(user=staff_user)
    page.fill("#id_code", code_for(device))
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert "Site administration" in page.content() or page.locator("#content").is_visible()

    other = browser.new_context().new_page()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        other.goto(live_server.url + "/admin/login/")
        other.fill("#id_username", "sam")
        other.fill("#id_password", "still-wrong")
        other.click("input[type=submit]")
    assert "paused" in other.locator("#content-main").inner_text()
    screenshot(other, "admin-locked-out")
