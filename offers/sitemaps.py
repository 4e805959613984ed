from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from offers.models import Area, Service


def fixed_pages():
    """Every page whose address has no slug in it, found by walking offers/urls.py, so a
    new page is in the sitemap without anyone listing it. Booklets are left out: search
    engines need not make the site render PDFs."""
    from offers import urls

    return [
        f"{urls.app_name}:{pattern.name}"
        for pattern in urls.urlpatterns
        if not pattern.pattern.converters and not str(pattern.pattern).endswith(".pdf")
    ]


class I18nSitemap(Sitemap):
    """Every page in every language, each with its alternates (hreflang)."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(I18nSitemap):
    def items(self):
        return fixed_pages()

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
