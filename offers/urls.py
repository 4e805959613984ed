from django.urls import path

from offers import views

app_name = "offers"

# Fixed pages come before the area pattern, so no area slug can shadow them.
urlpatterns = [
    path("", views.home, name="home"),
    path("contacts/", views.contacts, name="contacts"),
    path("glossary/", views.glossary, name="glossary"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("changes/", views.changes, name="changes"),
    path("feedback/", views.feedback, name="feedback"),
    path(
        "who-counts-as-a-care-leaver/",
        views.care_leaver_statuses,
        name="care_leaver_statuses",
    ),
    path("what-can-i-get/", views.finder, name="finder"),
    path("booklet/", views.booklet_builder, name="booklet_builder"),
    path("booklet.pdf", views.booklet, name="booklet"),
    path("easy-read/booklet.pdf", views.booklet, {"easy_read": True}, name="easy_read_booklet"),
    path("easy-read/", views.easy_read_home, name="easy_read_home"),
    path("easy-read/<slug:area>/", views.easy_read_area, name="easy_read_area"),
    path("<slug:area>/", views.area_detail, name="area_detail"),
    path("<slug:area>/<slug:service>/", views.service_detail, name="service_detail"),
]
