import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from offers.demo.loader import load_demo_offer
from offers.models import Area, Contact, GlossaryTerm, Service

# The browser fixtures live in their own module; importing them here shares them.
from tests.browser import (  # noqa: E402, F401
    browser,
    desktop,
    live_server,
    no_script_phone,
    phone,
)


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Production storage needs the hashed-file manifest, so collect static files once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: its database starts afresh too."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English. A request leaves its page's language active in the
    thread, so without this a test's language would depend on which test ran before."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


class DemoSnapshot:
    """The demo offer, loaded once by the real loader, then put back row for row.

    Loading it takes about a second and most tests need it; restoring the same rows with
    bulk inserts takes a fraction of that. Each test still gets a fresh copy, as its
    transaction is rolled back (or its tables flushed) afterwards.
    """

    rows = None
    counts = None

    @classmethod
    def models(cls):
        from offers.models import ContentVersion, EasyReadSentence, OfferSettings

        return [
            Contact,
            Area,
            Service,
            Service.contacts.through,
            GlossaryTerm,
            OfferSettings,
            EasyReadSentence,
            ContentVersion,
        ]

    @classmethod
    def load(cls):
        if cls.rows is None:
            cls.counts = load_demo_offer()
            # Every column by name: modeltranslation's values() would fold the languages.
            cls.rows = {
                model: list(model.objects.values(*[f.attname for f in model._meta.concrete_fields]))
                for model in cls.models()
            }
            return cls.counts
        from django.core.management.color import no_style
        from django.db import connection

        for model in cls.models():
            existing = set(model.objects.values_list("pk", flat=True))
            objects = [model(**row) for row in cls.rows[model]]
            fresh = [obj for obj in objects if obj.pk not in existing]
            model.objects.bulk_create(fresh)
            again = [obj for obj in objects if obj.pk in existing]
            if again:  # the six areas a migration made
                fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
                model.objects.bulk_update(again, fields)
        # Explicit keys leave PostgreSQL's sequences behind; move them past the rows.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), cls.models()):
                cursor.execute(sql)
        return cls.counts


@pytest.fixture
def demo_offer(db):
    return DemoSnapshot.load()


@pytest.fixture
def make_service(db):
    """Build a published service with sensible defaults; override any field."""

    def make(area=None, **fields):
        area = area or Area.objects.get(slug="accommodation")
        number = Service.objects.count() + 1
        values = {
            "kind": Service.Kind.DISCRETIONARY,
            "slug": f"service-{number}",
            "title": f"Service {number}",
            "summary": "A summary.",
            "body": "What it is.",
            "how_to_get": "Ask your adviser.",
            "statuses": ["former_relevant"],
            "status": Service.Status.PUBLISHED,
        } | fields
        contacts = values.pop("contacts", [])
        service = Service.objects.create(area=area, **values)
        service.contacts.set(contacts)
        return service

    return make


@pytest.fixture
def make_contact(db):
    def make(**fields):
        number = Contact.objects.count() + 1
        values = {"slug": f"contact-{number}", "name": f"Team {number}", "phone": "01632 960001"}
        return Contact.objects.create(**(values | fields))

    return make


def page_names():
    """Every public HTML page type, found by walking the app's URL patterns (no hand-kept
    list). Booklets are PDFs, checked by reading them back (see document_names)."""
    from offers import urls

    return [
        f"{urls.app_name}:{pattern.name}"
        for pattern in urls.urlpatterns
        if not str(pattern.pattern).endswith(".pdf")
    ]


def document_names():
    """The URL patterns that serve PDF booklets rather than pages."""
    from offers import urls

    return [
        f"{urls.app_name}:{pattern.name}"
        for pattern in urls.urlpatterns
        if str(pattern.pattern).endswith(".pdf")
    ]


def page_kwargs(name):
    """Sample URL arguments for a page type, taken from the published content."""
    from offers import urls

    pattern = next(p for p in urls.urlpatterns if f"{urls.app_name}:{p.name}" == name)
    service = Service.objects.published().select_related("area").order_by("pk").first()
    samples = {"area": service.area.slug, "service": service.slug}
    return {key: samples[key] for key in pattern.pattern.converters}


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def url_in(language, name, kwargs=None):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or page_kwargs(name))


@pytest.fixture
def glossary_term(db):
    return GlossaryTerm.objects.create(
        slug="pathway-plan", term="Pathway plan", definition="A plan."
    )


NOT_FOUND = "not-found"
BOOKLET_PROBLEM = "booklet-problem"
PROBLEM_PAGES = {NOT_FOUND: 404, BOOKLET_PROBLEM: 400}


def page_types():
    """Every page type a reader can meet: each HTML URL pattern, "not found", and the page
    that explains why a booklet cannot be made."""
    return [*page_names(), *PROBLEM_PAGES]


def page_url(language, name):
    if name == NOT_FOUND:
        return url_in(language, "offers:home") + "no-such-page/"
    if name == BOOKLET_PROBLEM:
        return url_in(language, "offers:booklet") + "?size=a3"
    return url_in(language, name)


def page_status(name):
    return PROBLEM_PAGES.get(name, 200)


def signed_in(user):
    """A browser-like client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def member(django_user_model, role, username=None):
    """A client signed in as a new member of staff in `role` ("nobody": no role)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username or role.lower(), password="pw-role-123")
    user.is_staff = True
    user.save()
    if role != "nobody":
        user.groups.set([Group.objects.get(name=role)])
    return signed_in(user)


@pytest.fixture
def editor(demo_offer, django_user_model):
    """A client signed in as a member of the Editors group, with the demo offer."""
    from offers.roles import EDITORS

    return member(django_user_model, EDITORS)


@pytest.fixture
def publisher(demo_offer, django_user_model):
    """A client signed in as a member of the Publishers group, with the demo offer."""
    from offers.roles import PUBLISHERS

    return member(django_user_model, PUBLISHERS)


def admin_change_url(obj):
    return f"/admin/offers/{obj._meta.model_name}/{obj.pk}/change/"


@pytest.fixture
def staff_user(db, django_user_model):
    """A member of staff who may do everything (a superuser)."""
    return django_user_model.objects.create_superuser("sam", "sam@example.org", "pw-sam-123")


@pytest.fixture
def staff(staff_user):
    """A client signed in as staff_user."""
    return signed_in(staff_user)


def admin_form_data(client, url):
    """What a browser would post back for the admin form as it stands."""
    response = client.get(url)
    data = {}
    forms = [response.context["adminform"].form]
    forms += [f for formset in response.context["inline_admin_formsets"] for f in formset.formset]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if hasattr(value, "all"):
                value = [obj.pk for obj in value.all()]
            elif isinstance(value, list | tuple) and value and hasattr(value[0], "pk"):
                value = [obj.pk for obj in value]
            elif hasattr(value, "pk"):
                value = value.pk
            data[form.add_prefix(name)] = value
    return data
