import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
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


@pytest.fixture
def demo_offer(db):
    return load_demo_offer()


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
    """Every public page type, found by walking the app's URL patterns (no hand-kept list)."""
    from offers import urls

    return [f"{urls.app_name}:{pattern.name}" for pattern in urls.urlpatterns]


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


def page_types():
    """Every page type a reader can meet: each URL pattern, and the 'not found' page."""
    return [*page_names(), NOT_FOUND]


def page_url(language, name):
    if name == NOT_FOUND:
        return url_in(language, "offers:home") + "no-such-page/"
    return url_in(language, name)


def page_status(name):
    return 404 if name == NOT_FOUND else 200
