"""Security headers on every response, including cached pages and static files.

The Content-Security-Policy is written by django-csp from settings, but only once: the
site uses no nonces or per-view policies, and building the header on every response cost
cached pages a measurable share of their speed (DESIGN.md holds them to 90 % of static).
"""

from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# The site needs none of these browser features; saying so stops any embedded or
# injected content from asking for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb", "browsing-topics",
    )
)  # fmt: skip


def _policy():
    return build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])


CONTENT_SECURITY_POLICY = _policy()


@receiver(setting_changed)
def _rebuild_policy(setting, **kwargs):
    global CONTENT_SECURITY_POLICY
    if setting == "CONTENT_SECURITY_POLICY":
        CONTENT_SECURITY_POLICY = _policy()


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Other sites may link to pages and booklets, but not load them into theirs.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
