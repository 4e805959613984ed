"""The staff site: Django's admin, plus the translation pages and the yearly review."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe


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
    def get_urls(self):
        from offers import translation_admin

        extra = [
            path("review/", self.admin_view(review_page), name="review"),
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
