"""Public pages. Each view is thin: the rules live on the models and QuerySets."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from offers.models import Area, CareLeaverStatus, Contact, GlossaryTerm, Service


@require_safe
def home(request):
    """The introduction and the six areas.

    Template: ``offers/home.html``. Context: ``areas`` (every area, in order); the
    ``offer`` settings come from the context processor.
    """
    return render(request, "offers/home.html", {"areas": Area.objects.all()})


@require_safe
def area_detail(request, area):
    """One area: the entitlements, then the extra support the council chooses to give.

    Template: ``offers/area_detail.html``. Context: ``area``, ``statutory`` and
    ``discretionary`` (lists of published services in the area).
    """
    area = get_object_or_404(Area, slug=area)
    services = list(Service.objects.published().for_area(area).select_related("area"))
    return render(
        request,
        "offers/area_detail.html",
        {
            "area": area,
            "statutory": [s for s in services if s.is_statutory],
            "discretionary": [s for s in services if not s.is_statutory],
        },
    )


@require_safe
def service_detail(request, area, service):
    """One service: what it is, who can get it, how, how much, whom to contact.

    Template: ``offers/service_detail.html``. Context: ``service`` (with its ``area``)
    and ``contacts``.
    """
    service = get_object_or_404(
        Service.objects.published().select_related("area"), area__slug=area, slug=service
    )
    return render(
        request,
        "offers/service_detail.html",
        {"service": service, "area": service.area, "contacts": service.contacts.all()},
    )


@require_safe
def contacts(request):
    """Every contact, with the out-of-hours number first.

    Template: ``offers/contact_list.html``. Context: ``contacts``.
    """
    return render(request, "offers/contact_list.html", {"contacts": Contact.objects.all()})


@require_safe
def glossary(request):
    """Words explained in plain language.

    Template: ``offers/glossary.html``. Context: ``terms``.
    """
    return render(request, "offers/glossary.html", {"terms": GlossaryTerm.objects.all()})


@require_safe
def care_leaver_statuses(request):
    """Who counts as a care leaver: the four statuses in plain words.

    Template: ``offers/care_leaver_statuses.html``. Context: ``statuses`` (pairs of
    status and explanation).
    """
    return render(
        request,
        "offers/care_leaver_statuses.html",
        {"statuses": CareLeaverStatus.explanations()},
    )


@require_safe
def accessibility(request):
    """The accessibility statement staff keep in the offer settings.

    Template: ``offers/accessibility.html``. Context: the ``offer`` settings only.
    """
    return render(request, "offers/accessibility.html")


@require_safe
def healthz(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")
