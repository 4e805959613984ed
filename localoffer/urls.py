from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from offers import views
from offers.sitemaps import SITEMAPS

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("media/<path:name>", views.upload, name="upload"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Open data (offers/opendata.py): addresses outsiders build on, so they never move.
    path("api/v1/offer.json", views.offer_json, name="opendata_offer"),
    path("api/v1/offer.schema.json", views.offer_schema, name="opendata_schema"),
    path("openreferral/v1/", views.oruk_about, name="oruk_about"),
    path("openreferral/v1/services", views.oruk_services, name="oruk_services"),
    path("openreferral/v1/services/<str:service_id>", views.oruk_service, name="oruk_service"),
]
# "/" has no page of its own: LocaleMiddleware redirects it to the reader's language.
urlpatterns += i18n_patterns(path("", include("offers.urls")))

handler404 = "offers.errors.page_not_found"
handler500 = "offers.errors.server_error"
