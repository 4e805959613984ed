"""The staff site: Django's admin, plus the translation pages."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path


class OfferAdminSite(admin.AdminSite):
    def get_urls(self):
        from offers import translation_admin

        extra = [
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
