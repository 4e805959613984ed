"""Security headers on every kind of response, a Content-Security-Policy that every page
keeps to (no inline script or style), the client address behind proxies, and settings
for running behind a TLS proxy with the staff area elsewhere."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from offers.client_ip import client_ip
from offers.models import Area, Service
from tests.conftest import page_status, page_types, page_url
from tests.test_settings import PRODUCTION, manage


def policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_secure_headers(response, url):
    directives = policy(response)
    for name in ("default-src", "script-src", "style-src", "img-src", "font-src"):
        assert directives[name] == ["'self'"], (url, name, directives)
    assert directives["frame-ancestors"] == ["'none'"], url
    assert directives["form-action"] == ["'self'"], url
    assert directives["object-src"] == ["'none'"], url
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert response["Referrer-Policy"] == "same-origin", url
    assert "camera=()" in response["Permissions-Policy"], url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Strict-Transport-Security"].startswith("max-age=31536000"), url


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", page_types())
def test_every_page_type_has_the_headers_and_no_inline_script_or_style(
    client, demo_offer, language, name
):
    url = page_url(language, name)
    for attempt in ("first view", "from the page cache"):
        response = client.get(url, secure=True)
        assert response.status_code == page_status(name), (url, attempt)
        assert_secure_headers(response, f"{url} ({attempt})")
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.select("style, [style]"), url
    # JSON-LD is a data block: never run, so the policy has nothing to allow.
    data = "application/ld+json"
    assert all(s.get("src") or s.get("type") == data for s in page.select("script")), url
    assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


@pytest.mark.parametrize(
    "url",
    [
        "/healthz",
        "/robots.txt",
        "/sitemap.xml",
        "/",
        "/admin/login/",
        "/en/booklet.pdf?size=a3",
        "/static/css/site.css",
        "/en/feedback/",
    ],
)
def test_machines_redirects_static_files_and_the_staff_area_have_the_headers(
    client, demo_offer, url
):
    response = client.get(url, secure=True, headers={"accept-language": "ar"})
    assert response.status_code in (200, 302, 400), url
    assert_secure_headers(response, url)


def test_a_booklet_has_the_headers(client, demo_offer):
    response = client.get("/en/easy-read/booklet.pdf?area=employment", secure=True)
    assert response.status_code == 200
    assert_secure_headers(response, "booklet")


@pytest.mark.browser
def test_pages_keep_to_the_policy_in_a_real_browser(live_server, demo_offer, staff_user, desktop):
    """Chromium enforces the header: any inline script or style, in public pages or in
    the staff area, would be reported as a violation."""
    violations = []
    desktop.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    desktop.goto(live_server.url + "/admin/login/")
    desktop.fill("#id_username", "sam")
    desktop.fill("#id_password", "pw-sam-123")
    desktop.click("input[type=submit]")
    desktop.wait_for_url("**/admin/")
    for path in (
        "/ar/",
        "/ar/employment/",
        "/en/easy-read/",
        "/en/booklet/",
        "/admin/offers/service/",
        f"/admin/offers/service/{Service.objects.first().pk}/change/",
        f"/admin/offers/area/{Area.objects.first().pk}/change/",
        "/admin/review/",
        "/admin/translations/",
        "/admin/compare/",
    ):
        desktop.goto(live_server.url + path)
    assert violations == []


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left one could be forged
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: not to be trusted
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_tls_proxy_with_the_staff_area_elsewhere_the_deploy_check_is_clean():
    env = {
        **PRODUCTION,
        "DJANGO_BEHIND_TLS_PROXY": "true",
        "DJANGO_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTOCOL",
        "DJANGO_ADMIN_PATH": "staff-area-7q",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    script = (
        "from django.conf import settings; from django.urls import reverse; "
        "from django.test import RequestFactory; from offers.views import robots_txt; "
        "robots = robots_txt(RequestFactory().get('/robots.txt', "
        "HTTP_HOST='localoffer.example', secure=True)).content.decode(); "
        "print(settings.SECURE_PROXY_SSL_HEADER, reverse('admin:index'), 'admin' in robots)"
    )
    result = manage("shell", "-c", script, **env)
    assert result.stdout.splitlines()[-1].split() == [
        "('HTTP_X_FORWARDED_PROTOCOL',",
        "'https')",
        "/staff-area-7q/",
        "False",
    ], result.stderr


def test_the_cache_comes_from_cache_url():
    script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage("shell", "-c", script, CACHE_URL="redis://cache.internal:6379/2", **PRODUCTION)
    assert result.stdout.splitlines()[-1] == "django.core.cache.backends.redis.RedisCache"
    result = manage("check", CACHE_URL="memcache://nowhere", **PRODUCTION)
    assert result.returncode != 0 and "CACHE_URL" in result.stderr


def test_postgresql_connections_are_pooled():
    script = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = manage(
        "shell", "-c", script, DATABASE_URL="postgres://u@db.internal/offer", **PRODUCTION
    )
    assert "'pool': {" in result.stdout, result.stderr
