"""Every staff sign-in, sign-out, failed attempt and lockout, logged as one structured
line (logger "offers.signin") with the name tried and the address, never the password."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from offers.client_ip import client_ip

logger = logging.getLogger("offers.signin")


def _address(request):
    return client_ip(request) if request is not None else ""


def signed_in(sender, request, user, **kwargs):
    logger.info(
        "sign-in", extra={"event": "sign-in", "user": user.get_username(), "ip": _address(request)}
    )


def signed_out(sender, request, user, **kwargs):
    name = user.get_username() if user else ""
    logger.info("sign-out", extra={"event": "sign-out", "user": name, "ip": _address(request)})


def failed(sender, credentials, request=None, **kwargs):
    name = credentials.get("username", "")
    logger.warning(
        "sign-in failed", extra={"event": "sign-in-failed", "user": name, "ip": _address(request)}
    )


def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    logger.warning(
        "locked out", extra={"event": "locked-out", "user": username or "", "ip": ip_address or ""}
    )


def two_factor(request, user, outcome):
    """From the two-factor page: "verified", "failed" or "device-added"."""
    logger.info(
        f"two-factor {outcome}",
        extra={
            "event": f"two-factor-{outcome}",
            "user": user.get_username(),
            "ip": _address(request),
        },
    )


def connect():
    user_logged_in.connect(signed_in, dispatch_uid="signin-log-in")
    user_logged_out.connect(signed_out, dispatch_uid="signin-log-out")
    user_login_failed.connect(failed, dispatch_uid="signin-log-failed")
    user_locked_out.connect(locked_out, dispatch_uid="signin-log-locked")
