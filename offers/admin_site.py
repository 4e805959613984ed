"""The staff site: Django's admin, plus the translation pages and the yearly review."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe


def admin_url(obj, action="change"):
    """The staff page of `obj`: its change form, or another of its admin views."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


@require_safe
def review_page(request):
    """Template ``admin/offers/review.html``: drafts waiting for a publisher, reviews
    overdue and due within three months,
    translations missing or stale per language, and what the law asks the offer to cover,
    with the services that cover each part and the gaps."""
    from offers.review import coverage, reviews, waiting_drafts
    from offers.translation_status import translation_status

    if not request.user.has_perm("offers.view_service"):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Yearly review"),
        "drafts": waiting_drafts(),
        "reviews": reviews(),
        "languages": translation_status(),
        "coverage": coverage(),
    }
    return TemplateResponse(request, "admin/offers/review.html", context)


class OfferAdminSite(admin.AdminSite):
    def has_permission(self, request):
        from offers.two_factor import satisfied

        return super().has_permission(request) and satisfied(request)

    def login(self, request, extra_context=None):
        # Signed in with a password, but the code is still to come.
        user = request.user
        if (
            request.method == "GET"
            and user.is_active
            and user.is_staff
            and not self.has_permission(request)
        ):
            from django.shortcuts import redirect
            from django.urls import reverse

            next_url = request.GET.get("next", "")
            return redirect(f"{reverse('admin:two_factor')}?{urlencode({'next': next_url})}")
        return super().login(request, extra_context)

    def get_urls(self):
        from offers import translation_admin
        from offers.compare_admin import compare_page
        from offers.two_factor import two_factor

        extra = [
            path("two-factor/", two_factor, name="two_factor"),
            path("review/", self.admin_view(review_page), name="review"),
            path("compare/", self.admin_view(compare_page), name="compare"),
            path(
                "translations/",
                self.admin_view(translation_admin.status),
                name="translation_status",
            ),
            path(
                "translations/download/",
                self.admin_view(translation_admin.download),
                name="translation_download",
            ),
            path(
                "translations/upload/",
                self.admin_view(translation_admin.upload),
                name="translation_upload",
            ),
        ]
        return extra + super().get_urls()


class OfferAdminConfig(AdminConfig):
    default_site = "offers.admin_site.OfferAdminSite"
