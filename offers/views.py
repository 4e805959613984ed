"""Public pages. Each view is thin: the rules live on the models and QuerySets."""

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from offers import opendata
from offers.booklets.forms import BookletForm
from offers.booklets.render import RenderFailed
from offers.booklets.serve import booklet_response
from offers.booklets.spec import BadBooklet, BookletSpec
from offers.booklets.store import whole_offer_specs
from offers.easy_read import Explainer
from offers.eligibility import FinderForm, find
from offers.feedback import FeedbackForm
from offers.models import (
    OLDEST,
    Area,
    CareLeaverStatus,
    Contact,
    Draft,
    GlossaryTerm,
    OfferSettings,
    PublicChange,
    Service,
    has_untranslated,
)
from offers.rate_limits import RateLimited, take
from offers.uploads import STORED_NAME, content_type


def is_preview(request):
    """Staff asking to see a page with its drafts (``?preview=1``); never cached."""
    return (
        request.GET.get("preview") == "1"
        and request.user.is_authenticated
        and request.user.has_perm("offers.view_service")
    )


def with_drafts(request, *objects):
    """In a staff preview, show `objects` as their pending drafts would make them."""
    if is_preview(request):
        Draft.objects.apply_pending(objects)


def show(request, template, context):
    """Render a public page; a preview says so on the page and is kept out of caches."""
    preview = is_preview(request)
    response = render(request, template, {**context, "preview": preview})
    if preview:
        patch_cache_control(response, private=True, no_store=True)
    return response


def untranslated(request, *groups):
    """For the notice at the top of a page that shows English where a translation is missing."""
    return has_untranslated([obj for group in groups for obj in group], request.LANGUAGE_CODE)


@require_safe
def home(request):
    """The introduction and the six areas.

    Template: ``offers/home.html``. Context: ``areas`` (every area, in order),
    ``offer`` (the site settings) and ``untranslated``.
    """
    areas = list(Area.objects.all())
    with_drafts(request, *areas)
    offer = OfferSettings.load()
    context = {
        "areas": areas,
        "offer": offer,
        "untranslated": untranslated(request, areas, [offer]),
    }
    return show(request, "offers/home.html", context)


@require_safe
def area_detail(request, area):
    """One area: the entitlements, then the extra support the council chooses to give.

    Template: ``offers/area_detail.html``. Context: ``area``, ``statutory`` and
    ``discretionary`` (lists of published services in the area), ``untranslated``.
    """
    area = get_object_or_404(Area, slug=area)
    services = list(
        Service.objects.visible(is_preview(request)).for_area(area).select_related("area")
    )
    with_drafts(request, area, *services)
    return show(
        request,
        "offers/area_detail.html",
        {
            "area": area,
            "statutory": [s for s in services if s.is_statutory],
            "discretionary": [s for s in services if not s.is_statutory],
            "untranslated": untranslated(request, [area], services),
        },
    )


@require_safe
def service_detail(request, area, service):
    """One service: what it is, who can get it, how, how much, whom to contact.

    Template: ``offers/service_detail.html``. Context: ``service`` (with its ``area``),
    ``contacts``, ``documents`` (the reader's language first) and ``untranslated``.
    """
    service = get_object_or_404(
        Service.objects.visible(is_preview(request)).select_related("area"),
        area__slug=area,
        slug=service,
    )
    with_drafts(request, service, service.area)
    contacts = list(getattr(service, "draft_related", {}).get("contacts", service.contacts.all()))
    return show(
        request,
        "offers/service_detail.html",
        {
            "service": service,
            "area": service.area,
            "contacts": contacts,
            "documents": service.documents.in_language_first(request.LANGUAGE_CODE),
            "untranslated": untranslated(request, [service], contacts),
        },
    )


@require_safe
def contacts(request):
    """Every contact, with the out-of-hours number first.

    Template: ``offers/contact_list.html``. Context: ``contacts``, ``untranslated``.
    """
    contacts = list(Contact.objects.all())
    context = {"contacts": contacts, "untranslated": untranslated(request, contacts)}
    return render(request, "offers/contact_list.html", context)


@require_safe
def glossary(request):
    """Words explained in plain language.

    Template: ``offers/glossary.html``. Context: ``terms``, ``untranslated``.
    """
    terms = list(GlossaryTerm.objects.all())
    context = {"terms": terms, "untranslated": untranslated(request, terms)}
    return render(request, "offers/glossary.html", context)


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
def finder(request):
    """What can I get: plain questions about a young person on one page and, once they
    are answered, what they can get now and later. A GET form (no JavaScript); nothing is
    stored, so the answers' address can be shared or printed.

    Template: ``offers/finder.html``. Context: ``form`` (a FinderForm, with errors when an
    answer is missing or wrong: status 400), ``finding`` (an eligibility.Finding, or None
    before the questions are answered), ``answers`` (an eligibility.Answers, or None),
    ``statuses`` (pairs of status and explanation, for a reader not sure of theirs),
    ``booklets`` (addresses of a full and an easy-read booklet of the services found),
    ``oldest`` (the age help ends: a service that stops earlier says when), ``offer``
    and ``untranslated``.
    """
    offer = OfferSettings.load()
    asked = any(name in request.GET for name in FinderForm.base_fields)
    form = FinderForm(request.GET if asked else None, council=offer.council_name)
    context = {
        "form": form,
        "finding": None,
        "answers": None,
        "statuses": CareLeaverStatus.explanations(),
        "offer": offer,
        "oldest": OLDEST,
    }
    if not asked or not form.is_valid():
        return render(request, "offers/finder.html", context, status=400 if asked else 200)
    answers = form.answers()
    finding = find(Service.objects.published().select_related("area"), answers)
    found = tuple(sorted(service.pk for service in finding.services))
    booklets = [
        BookletSpec(request.LANGUAGE_CODE, easy_read, services=found).get_absolute_url()
        for easy_read in (False, True)
    ]
    context |= {
        "answers": answers,
        "finding": finding,
        "booklets": booklets if found else [],
        "untranslated": untranslated(request, finding.services),
    }
    response = render(request, "offers/finder.html", context)
    # Each set of answers has its own address: worth sharing, not worth a search index.
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def accessibility(request):
    """The accessibility statement staff keep in the offer settings.

    Template: ``offers/accessibility.html``. Context: ``offer``, ``untranslated``.
    """
    offer = OfferSettings.load()
    context = {"offer": offer, "untranslated": untranslated(request, [offer])}
    return render(request, "offers/accessibility.html", context)


@require_safe
def easy_read_home(request):
    """The easy-read introduction and the six areas.

    Template: ``offers/easy_read_home.html``. Context: ``offer``, ``rows`` (sentences of
    the introduction with their glossary explanations), ``areas`` (each with its
    ``easy_read`` sentences) and ``untranslated``.
    """
    offer = OfferSettings.load()
    areas = list(Area.objects.prefetch_related("easy_read"))
    with_drafts(request, *areas)
    sentences = list(offer.easy_read.all())
    explainer = Explainer(GlossaryTerm.objects.all())
    context = {
        "offer": offer,
        "rows": explainer.rows(sentences),
        "areas": areas,
        "untranslated": untranslated(request, sentences, areas),
    }
    return show(request, "offers/easy_read_home.html", context)


@require_safe
def easy_read_area(request, area):
    """One area in easy read: its sentences, then each service's, rights in law first.

    Template: ``offers/easy_read_area.html``. Context: ``area``, ``rows``, ``statutory``
    and ``discretionary`` (lists of (service, rows) pairs) and ``untranslated``.
    """
    area = get_object_or_404(Area.objects.prefetch_related("easy_read"), slug=area)
    services = list(
        Service.objects.visible(is_preview(request))
        .for_area(area)
        .select_related("area")
        .prefetch_related("easy_read")
    )
    with_drafts(request, area, *services)
    explainer = Explainer(GlossaryTerm.objects.all())
    rows = explainer.rows(area.easy_read.all())
    sections = [(service, explainer.rows(service.easy_read.all())) for service in services]
    sentences = [s for service in services for s in service.easy_read.all()]
    context = {
        "area": area,
        "rows": rows,
        "statutory": [(s, r) for s, r in sections if s.is_statutory],
        "discretionary": [(s, r) for s, r in sections if not s.is_statutory],
        "untranslated": untranslated(request, [area], area.easy_read.all(), services, sentences),
    }
    return show(request, "offers/easy_read_area.html", context)


@require_safe
def changes(request):
    """What changed in the offer in the last 12 months, newest first, in plain words.

    Template: ``offers/publicchange_list.html``. Context: ``changes`` (PublicChange
    objects, each with its service and area where they still exist).
    """
    recent = PublicChange.objects.recent().select_related("service__area", "area")
    return render(request, "offers/publicchange_list.html", {"changes": list(recent)})


# Public pages are cached whole for every reader, so they cannot carry a per-reader CSRF
# token. Feedback is anonymous and changes nothing but the feedback list; it is guarded
# by a limit per address, size limits and a honeypot instead.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request):
    """GET: "tell us what is missing from the offer". POST: feedback from that page or
    from the "Was this page helpful?" form at the foot of every page; it goes back to the
    page it came from with ``?feedback=thanks``.

    Template: ``offers/feedback.html``. Context: ``form`` (a FeedbackForm), ``problem``
    (429 when one address sent too much), ``thanks``.
    """
    if request.method != "POST":
        form = FeedbackForm(initial={"kind": "missing"})
        return render(request, "offers/feedback.html", {"form": form})
    form = FeedbackForm(request.POST)
    try:
        take(request, "feedback", settings.FEEDBACK_PER_HOUR)
    except RateLimited as refused:
        response = render(
            request, "offers/feedback.html", {"form": form, "problem": 429}, status=429
        )
        response["Retry-After"] = str(refused.retry_after)
        return response
    if not form.is_valid():
        return render(request, "offers/feedback.html", {"form": form}, status=400)
    form.save(request.LANGUAGE_CODE)
    back = form.back_to(reverse("offers:feedback"))
    return redirect(f"{back}?feedback=thanks#feedback")


logger = logging.getLogger(__name__)


@require_safe
def booklet(request, easy_read=False):
    """The offer as a tagged PDF booklet, full or easy read, A4 or A5 (``?size=a5``),
    for every area or those named (``?area=money&area=housing``), and every service or
    those named by key (``?service=12&service=40``: what the finder found).

    On a problem, template ``offers/booklet_problem.html`` with status 400 (a size or
    area the site does not have), 429 (too many new booklets from one address) or 503
    (the booklet could not be made). Context: ``problem`` (the status) and ``ready``.
    """
    known = list(Area.objects.values_list("slug", flat=True))
    try:
        # Only a booklet of chosen services (the finder's list) needs to know them all.
        services = Service.objects.published().values_list("pk", flat=True)
        if "service" not in request.GET:
            services = ()
        spec = BookletSpec.from_query(
            request.LANGUAGE_CODE, easy_read, request.GET, known, services
        )
        return booklet_response(request, spec)
    except BadBooklet:
        return booklet_problem(request, 400)
    except RateLimited as refused:
        response = booklet_problem(request, 429)
        response["Retry-After"] = str(refused.retry_after)
        return response
    except RenderFailed as failure:
        logger.error("booklet %s could not be made: %s", request.get_full_path(), failure)
        response = booklet_problem(request, 503)
        response["Retry-After"] = "60"
        return response


def booklet_problem(request, status):
    context = {"problem": status, "ready": ready_booklets(request.LANGUAGE_CODE)}
    return render(request, "offers/booklet_problem.html", context, status=status)


def ready_booklets(language):
    """The four whole-offer booklets in a language: full and easy read, A4 and A5."""
    return whole_offer_specs([language])


@require_safe
def booklet_builder(request):
    """Build a booklet for one young person: language, version, paper size and areas.

    Answers go in the address (a GET form, no JavaScript, nothing stored); valid answers
    redirect to the booklet's PDF address. Template: ``offers/booklet_builder.html``.
    Context: ``form`` (a BookletForm, with errors when answers are missing) and ``ready``.
    """
    asked = any(name in request.GET for name in BookletForm.base_fields)
    form = BookletForm(request.GET if asked else None, Area.objects.all(), request.LANGUAGE_CODE)
    if asked and form.is_valid():
        return redirect(form.spec().get_absolute_url())
    context = {"form": form, "ready": ready_booklets(request.LANGUAGE_CODE)}
    return render(request, "offers/booklet_builder.html", context, status=400 if asked else 200)


@require_safe
def upload(request, name):
    """A file staff uploaded (a logo, a document), from storage, so it comes from this site
    whichever storage holds it. Names are random and never reused: keep it a year."""
    if not STORED_NAME.fullmatch(name) or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name), content_type=content_type(name))
    patch_cache_control(response, public=True, max_age=31536000, immutable=True)
    return response


@require_safe
def offer_json(request):
    """The whole published offer in every language, in our open data format
    (``offers/opendata.py``; its JSON Schema at ``offer_schema``). Cached like a page."""
    return opendata.json_response(opendata.offer_document(request.build_absolute_uri))


@require_safe
def offer_schema(request):
    """The JSON Schema of ``offer_json``'s format."""
    return opendata.json_response(opendata.schema())


@require_safe
def oruk_about(request):
    """Open Referral UK: which version and profile this API follows."""
    return opendata.json_response(opendata.oruk_about())


@require_safe
def oruk_services(request):
    """Open Referral UK: a page of published services (``?page=``, ``?per_page=``);
    a page that is not there is a 400 or 404 in JSON."""
    try:
        page = opendata.oruk_service_page(request.GET, request.build_absolute_uri)
    except opendata.OpenDataError as error:
        return opendata.problem_response(error)
    return opendata.json_response(page)


@require_safe
def oruk_service(request, service_id):
    """Open Referral UK: one published service, fully nested; 400 or 404 in JSON."""
    try:
        service = opendata.oruk_service(service_id, request.build_absolute_uri)
    except opendata.OpenDataError as error:
        return opendata.problem_response(error)
    return opendata.json_response(service)


@require_safe
def healthz(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *"]
    if settings.ADMIN_PATH == "admin/":  # a path chosen to be hard to guess stays unpublished
        lines.append("Disallow: /admin/")
    lines += [f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")
