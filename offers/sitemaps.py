from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from offers.models import Area, Service


class I18nSitemap(Sitemap):
    """Every page in every language, each with its alternates (hreflang)."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(I18nSitemap):
    def items(self):
        return [
            "offers:home",
            "offers:contacts",
            "offers:glossary",
            "offers:care_leaver_statuses",
            "offers:accessibility",
            "offers:easy_read_home",
            "offers:booklet_builder",
            "offers:changes",
        ]

    def location(self, item):
        return reverse(item)


class AreaSitemap(I18nSitemap):
    def items(self):
        return Area.objects.all()


class EasyReadAreaSitemap(I18nSitemap):
    def items(self):
        return Area.objects.all()

    def location(self, area):
        return reverse("offers:easy_read_area", kwargs={"area": area.slug})


class ServiceSitemap(I18nSitemap):
    def items(self):
        return Service.objects.published().select_related("area")

    def lastmod(self, service):
        return service.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "areas": AreaSitemap,
    "easy-read": EasyReadAreaSitemap,
    "services": ServiceSitemap,
}
