"""Two-factor sign-in for staff: after the password, a six-digit code from an
authenticator app (TOTP, django-otp). Someone without an app set up yet sets it up here,
once, by scanning a QR code. Required for every staff account unless
DJANGO_REQUIRE_TWO_FACTOR is off (the demo); even then, whoever set up an app is asked
for its code. Wrong codes slow down (django-otp's throttling) and are logged."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from offers import signin_log


def satisfied(request):
    """Whether this session may use the staff area as far as two-factor goes."""
    user = request.user
    if user.is_verified():
        return True
    return not settings.REQUIRE_TWO_FACTOR and not user_has_device(user)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


@never_cache
@staff_member_required
def two_factor(request):
    """Template ``admin/two_factor.html``: the code form, and for someone setting up an
    app, its QR code and key. Context: ``form``, ``setting_up``, ``qr`` and ``key``."""
    from django.contrib import admin

    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        # One unconfirmed device, kept across page loads so the QR code stays the same.
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        device = device or TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                signin_log.two_factor(request, user, "device-added")
            otp_login(request, device)
            signin_log.two_factor(request, user, "verified")
            return redirect(_next(request))
        signin_log.two_factor(request, user, "failed")
        form.add_error("code", _("That code did not work. Wait for a new one and try again."))
    context = {
        **admin.site.each_context(request),
        "title": _("Set up two-factor sign-in") if setting_up else _("Two-factor sign-in"),
        "form": form,
        "setting_up": setting_up,
        "next": _next(request),
    }
    if setting_up:
        # Inline SVG markup (not a data: address or a style attribute): allowed by the CSP.
        context["qr"] = mark_safe(segno.make(device.config_url).svg_inline(scale=5))  # noqa: S308
        key = base64.b32encode(device.bin_key).decode()
        context["key"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
    return TemplateResponse(request, "admin/two_factor.html", context)
