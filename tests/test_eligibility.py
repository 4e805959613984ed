"""What can I get: the rules (offers/eligibility.py), the finder page, and the booklet of
what it found.

The four young people below are pinned against the demo offer (offers/demo/offer.toml),
worked out by hand from each service's ages, statuses and conditions; when the demo
offer changes on purpose, work them out again rather than copying what the code says.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from offers.booklets import store
from offers.booklets.render import booklet_html
from offers.booklets.spec import BadBooklet, BookletSpec
from offers.demo.loader import read_demo
from offers.eligibility import (
    Answers,
    Care,
    FinderForm,
    can_get_at,
    can_get_later,
    can_get_now,
    find,
    statuses_at,
)
from offers.models import OLDEST, YOUNGEST, Area, CareLeaverStatus, Condition, Service
from tests.browser import screenshot
from tests.test_accessibility import violations
from tests.test_budgets import FIRST_ROUND_TRIP, transferred
from tests.test_fuzz import fuzz_settings

FINDER = "/en/what-can-i-get/"


def answers_from(query):
    form = FinderForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return form.answers()


def slugs(services):
    return {service.slug for service in services}


def found_for(query):
    finding = find(Service.objects.published().select_related("area"), answers_from(query))
    return (
        slugs(finding.now_statutory),
        slugs(finding.now_discretionary),
        {age: slugs(group) for age, group in finding.later},
    )


# Open to every status, any age 16 to 25, no conditions: everyone in the demo gets these.
EVERYONE_STATUTORY = {
    "independent-advocate",
    "see-your-care-records",
    "have-your-say-on-the-local-offer",
}
EVERYONE_EXTRA = {
    "free-counselling",
    "free-gym-and-swimming",
    "care-leavers-nurse-drop-in",
    "family-time",
    "ashbury-mentors",
    "festival-gift",
    "phone-and-data",
    "free-tutoring",
    "guaranteed-interviews",
    "council-apprenticeships",
    "work-experience",
    "tenancy-ready-course",
    "help-with-id",
    "care-leavers-forum",
    "ashbury-leisure-pass",
    "birthday-money",
    "register-to-vote",
    "money-skills-course",
    "emergency-hardship-fund",
    "celebration-events",
}
# Eligible, relevant and former relevant, 16 to 25, no conditions (not qualifying).
CARE_LEAVER_STATUTORY = {
    "free-prescriptions-dental-and-eye-care",
    "health-passport",
    "personal-adviser",
    "pathway-plan",
    "virtual-school-support",
    "junior-isa",
}
# What a former relevant young person can get from 18 whatever else they said: rights
# in law from 18 (staying close, higher rent help, work costs, setting up home, priority
# need to 20) and the council's help with renting, benefits and council tax.
FROM_18_STATUTORY = {
    "help-with-work-costs",
    "staying-close",
    "setting-up-home-allowance",
    "priority-need-if-homeless",
    "shared-accommodation-rate-exemption",
}
FROM_18_EXTRA = {"universal-credit-help", "rent-guarantor", "rent-deposit", "council-tax-exemption"}


def test_a_17_year_old_still_in_care_at_college_with_foster_carers(demo_offer):
    statutory, extra, later = found_for("age=17&care=in_care&study=college&home=foster")
    # Eligible (in care at 16 or 17): the independent visitor (eligible only, to 17) and
    # the 16 to 19 Bursary (at college) on top of everyone's rights; not the rights of
    # relevant young people who have left care (money to live on, a place at 16 and 17,
    # the setting-up-home allowance).
    assert statutory == EVERYONE_STATUTORY | CARE_LEAVER_STATUTORY | {
        "independent-visitor",
        "16-to-19-bursary",
    }
    # Driving lessons start at 17; the laptop is for anyone studying; the bus pass is to 21.
    assert extra == EVERYONE_EXTRA | {
        "laptop-and-study-equipment",
        "driving-lessons",
        "free-bus-pass",
    }
    # At 18 care ends in law and they become former relevant: Staying Put, as they live
    # with foster carers, and holiday accommodation, as they are at college. Nothing at
    # university (not studying there) or for their own tenancy (they have none).
    assert later == {
        18: FROM_18_STATUTORY | FROM_18_EXTRA | {"staying-put", "vacation-accommodation"}
    }


def test_a_19_year_old_at_university(demo_offer):
    statutory, extra, later = found_for("age=19&care=left&study=university&home=other")
    # Former relevant at 19: the higher education bursary and holiday accommodation for
    # students, and the rights from 18. Not the 16 to 19 Bursary (that is for college),
    # nor Staying Put (not living with foster carers).
    assert statutory == (
        EVERYONE_STATUTORY
        | CARE_LEAVER_STATUTORY
        | FROM_18_STATUTORY
        | {"higher-education-bursary", "vacation-accommodation"}
    )
    assert extra == EVERYONE_EXTRA | FROM_18_EXTRA | {
        "graduation-costs",
        "laptop-and-study-equipment",
        "driving-lessons",
        "free-bus-pass",
    }
    # Every service that could ever apply has started by 19, and the status stays.
    assert later == {}


def test_a_23_year_old_parent_in_their_own_home(demo_offer):
    statutory, extra, later = found_for("age=23&care=left&study=none&home=own&about=parent")
    # Priority need ends at 20, so it is not there; the rest of the rights from 18 are.
    assert statutory == (
        EVERYONE_STATUTORY
        | CARE_LEAVER_STATUTORY
        | FROM_18_STATUTORY - {"priority-need-if-homeless"}
    )
    # Childcare costs (a parent) and setting up utilities (their own tenancy); no bus
    # pass (it ends at 21), nothing for students.
    assert extra == EVERYONE_EXTRA | FROM_18_EXTRA | {
        "childcare-costs",
        "setting-up-utilities",
        "driving-lessons",
    }
    assert later == {}


def test_a_16_year_old_seeking_asylum_in_care_at_college(demo_offer):
    statutory, extra, later = found_for("age=16&care=in_care&study=college&home=other&about=asylum")
    # Eligible at 16: the same rights as the 17-year-old in care.
    assert statutory == EVERYONE_STATUTORY | CARE_LEAVER_STATUTORY | {
        "independent-visitor",
        "16-to-19-bursary",
    }
    # The council's support for young people seeking asylum, and not driving lessons yet.
    assert extra == EVERYONE_EXTRA | {
        "support-if-seeking-asylum",
        "laptop-and-study-equipment",
        "free-bus-pass",
    }
    # Driving lessons at 17; at 18, the rights of a former relevant young person at
    # college (holiday accommodation), but not Staying Put (no foster carers).
    assert later == {
        17: {"driving-lessons"},
        18: FROM_18_STATUTORY | FROM_18_EXTRA | {"vacation-accommodation"},
    }


def test_not_sure_shows_only_what_every_status_of_that_age_can_get(demo_offer):
    statutory, extra, _later = found_for("age=20&care=not_sure&study=none&home=other")
    # Former relevant or qualifying at 20: rights open to both, not those for former
    # relevant young people only (a personal adviser, Staying Close, setting up home).
    assert statutory == EVERYONE_STATUTORY | {"help-with-work-costs", "priority-need-if-homeless"}
    assert "personal-adviser" not in statutory
    assert extra == EVERYONE_EXTRA | FROM_18_EXTRA | {"driving-lessons", "free-bus-pass"}


# --- Properties, over made-up services and answers ------------------------------------

STATUSES = [status.value for status in CareLeaverStatus]
CONDITIONS = [condition.value for condition in Condition]


@st.composite
def services(draw):
    low = draw(st.integers(YOUNGEST, OLDEST))
    return Service(
        slug=f"s-{draw(st.integers(0, 10**6))}",
        kind=draw(st.sampled_from(list(Service.Kind.values))),
        min_age=low,
        max_age=draw(st.integers(low, OLDEST)),
        statuses=draw(st.lists(st.sampled_from(STATUSES), min_size=1, unique=True)),
        conditions=draw(st.lists(st.sampled_from(CONDITIONS), max_size=3, unique=True)),
    )


def demo_services():
    """The demo offer's services as unsaved objects: the rules need no database."""
    fields = ("slug", "kind", "min_age", "max_age", "statuses", "conditions")
    return [
        Service(**{name: item.get(name, []) for name in fields}) for item in read_demo()["services"]
    ]


SERVICE_LISTS = st.one_of(st.lists(services(), max_size=12), st.just(demo_services()))
ANSWERS = st.builds(
    Answers,
    age=st.integers(YOUNGEST - 1, OLDEST),
    care=st.sampled_from(list(Care.values)),
    conditions=st.frozensets(st.sampled_from(CONDITIONS)),
)


@fuzz_settings(max_examples=200)
@given(offer=SERVICE_LISTS, answers=ANSWERS)
def test_no_service_is_ever_shown_outside_its_age_range(offer, answers):
    finding = find(offer, answers)
    for service in finding.now:
        assert service.min_age <= answers.age <= service.max_age
    for age, group in finding.later:
        assert age > answers.age
        for service in group:
            assert service.min_age <= age <= service.max_age


@fuzz_settings(max_examples=200)
@given(offer=SERVICE_LISTS, answers=ANSWERS)
def test_nothing_is_both_now_and_later_and_entitlements_come_first(offer, answers):
    finding = find(offer, answers)
    later = [service for _age, group in finding.later for service in group]
    assert not {id(s) for s in finding.now} & {id(s) for s in later}
    assert len(later) == len({id(s) for s in later}), "a service is in two later groups"
    for group in [finding.now, *(group for _age, group in finding.later)]:
        kinds = [service.is_statutory for service in group]
        assert kinds == sorted(kinds, reverse=True)


@fuzz_settings(max_examples=200)
@given(offer=SERVICE_LISTS, answers=ANSWERS, condition=st.sampled_from(CONDITIONS))
def test_saying_yes_to_a_condition_never_hides_anything(offer, answers, condition):
    more = answers.with_condition(condition)
    for service in offer:
        if can_get_now(service, answers):
            assert can_get_now(service, more)
        # The property the issue names, on its own: entitlements without conditions.
        if service.is_statutory and not service.conditions:
            assert can_get_now(service, answers) == can_get_now(service, more)


@fuzz_settings(max_examples=200)
@given(offer=SERVICE_LISTS, answers=ANSWERS)
def test_not_sure_never_promises_more_than_a_sure_answer(offer, answers):
    unsure = Answers(answers.age, Care.NOT_SURE, answers.conditions)
    for care in (Care.IN_CARE, Care.LEFT, Care.SHORT):
        if not statuses_at(Answers(answers.age, care), answers.age):
            continue  # left care before 16: not a care leaver, nothing to compare
        sure = Answers(answers.age, care, answers.conditions)
        for service in offer:
            if can_get_now(service, unsure):
                assert can_get_now(service, sure), (service.slug, care)


@fuzz_settings(max_examples=100)
@given(offer=SERVICE_LISTS, answers=ANSWERS)
def test_later_is_the_first_age_it_can_be_had(offer, answers):
    for service in offer:
        age = can_get_later(service, answers)
        if age is not None:
            assert can_get_at(service, answers, age)
            for earlier in range(answers.age, age):
                assert not can_get_at(service, answers, earlier)


# --- The questions ---------------------------------------------------------------------

GOOD = "age=19&care=left&study=university&home=other"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("age=abc&care=left&study=none&home=other", "age"),
        ("age=&care=left&study=none&home=other", "age"),
        ("age=19.5&care=left&study=none&home=other", "age"),
        ("age=14&care=left&study=none&home=other", "age"),
        ("age=26&care=left&study=none&home=other", "age"),
        ("age=1e999&care=left&study=none&home=other", "age"),
        ("age=" + "9" * 5000 + "&care=left&study=none&home=other", "age"),
        ("age=19&care=maybe&study=none&home=other", "care"),
        ("age=19&study=none&home=other", "care"),
        ("age=19&care=left&study=school&home=other", "study"),
        ("age=19&care=left&study=none", "home"),
        ("age=19&care=left&study=none&home=other&about=rich", "about"),
        ("age=19&care=left&study=none&home=other&local=mars", "local"),
    ],
)
def test_wrong_answers_are_named_next_to_their_question(client, demo_offer, query, field):
    response = client.get(f"{FINDER}?{query}")
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"#field-{field} .field-error").get_text(strip=True)
    assert soup.select_one(f'.error-summary a[href="#field-{field}"]')
    assert soup.select_one("#result") is None
    assert soup.title.get_text().startswith("Error:")


FINDER_KEYS = ["age", "care", "study", "home", "about", "local"]
FINDER_VALUES = st.one_of(
    st.sampled_from(
        [*Care.values, "college", "university", "none", "foster", "own", "other", "parent"]
        + ["yes", "no", "15", "19", "25", "26", "-1", "", "1e999", "١٩", "19.0", "\x00"]
    ),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
)


@fuzz_settings(max_examples=60)
@example(pairs=[("age", "19"), ("care", "left"), ("study", "none"), ("home", "other")])
@given(
    pairs=st.lists(st.tuples(st.sampled_from(FINDER_KEYS), FINDER_VALUES), min_size=1, max_size=10)
)
def test_any_answers_get_a_page_or_a_message_never_an_error(demo_offer, pairs):
    from tests.test_fuzz import assert_answered, fetch, fresh_caches

    fresh_caches()
    url = f"{FINDER}?{urlencode(pairs)}"
    response = fetch("GET", url)
    assert_answered(response, "GET", url)
    assert response.status_code in (200, 400)
    soup = BeautifulSoup(response.content, "html.parser")
    assert (soup.select_one("#result") is None) == (response.status_code == 400)


def test_arabic_digits_are_an_age_too():
    assert answers_from("age=١٩&care=left&study=none&home=other").age == 19


def test_answers_become_conditions():
    answers = answers_from(
        "age=18&care=short&study=apprenticeship&home=own&about=disabled&about=custody&local=no"
    )
    assert answers.conditions == {"apprenticeship", "own_tenancy", "disabled", "custody"}
    assert answers.lives_elsewhere and not answers.not_sure
    assert statuses_at(answers, 18) == {CareLeaverStatus.QUALIFYING}


# --- The page --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_questions_and_the_answers_in_english_and_arabic(client, demo_offer, language):
    url = f"/{language}/what-can-i-get/"
    empty = BeautifulSoup(client.get(url).content, "html.parser")
    assert len(empty.find_all("h1")) == 1
    assert empty.select_one("form#questions")["method"] == "get"
    assert empty.select_one("#result") is None

    response = client.get(f"{url}?{GOOD}")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.find_all("h1")) == 1
    assert soup.find("html")["dir"] == ("rtl" if language == "ar" else "ltr")
    links = [a["href"] for a in soup.select("#result .now h4 a")]
    bursary = Service.objects.get(slug="higher-education-bursary")
    assert bursary.get_absolute_url().replace("/en/", f"/{language}/") in links
    # The entitlements come before the extra support.
    kinds = [Service.objects.get(slug=href.rstrip("/").rsplit("/", 1)[-1]).kind for href in links]
    assert kinds == sorted(kinds, key=lambda kind: kind != "statutory")
    # Amounts as the service page writes them; "how to get it" as sanitised Markdown.
    text = soup.select_one("#result").get_text()
    with translation.override(language):
        assert bursary.amount_display() in text
    assert soup.select("#result .now ol li"), "how to get it is rendered Markdown"
    # The answers stay in the form, to change them.
    assert soup.select_one("#id_age")["value"] == "19"
    assert soup.select_one("input[name=care][value=left]").has_attr("checked")


def test_headings_go_down_one_level_at_a_time(client, demo_offer):
    for query in ["", GOOD, "age=16&care=not_sure&study=college&home=foster&about=asylum", "age=x"]:
        soup = BeautifulSoup(client.get(f"{FINDER}?{query}").content, "html.parser")
        levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5"])]
        assert levels.count(1) == 1
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (query, levels)


def test_notes_for_not_sure_in_care_at_18_and_living_elsewhere(client, demo_offer):
    page = client.get(f"{FINDER}?age=18&care=not_sure&study=none&home=other&local=no")
    soup = BeautifulSoup(page.content, "html.parser")
    assert {dt.get_text() for dt in soup.select("#result .statuses dt")} == {
        str(status.label) for status in CareLeaverStatus
    }
    assert soup.select_one('#result a[href="/en/who-counts-as-a-care-leaver/"]')
    assert "still helps you if you live somewhere else" in soup.get_text()
    adult = client.get(f"{FINDER}?age=19&care=in_care&study=none&home=foster").content.decode()
    assert "care ends when you turn 18" in adult


def test_nothing_found_says_whom_to_ask(client, demo_offer):
    # Left care before 16: not a care leaver, so nothing now or later.
    soup = BeautifulSoup(
        client.get(f"{FINDER}?age=15&care=left&study=none&home=other").content, "html.parser"
    )
    assert not soup.select("#result .found")
    assert "We did not find help you can get now" in soup.get_text()
    assert soup.select_one('#result a[href^="tel:"]')
    assert soup.select_one('#result a[href="/en/contacts/"]')
    assert not soup.select(".booklet-links")


def test_the_same_few_queries_however_many_services(client, demo_offer, make_service):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{FINDER}?{GOOD}")
        assert response.status_code == 200
        return len(queries)

    before = count()
    for area in Area.objects.all():
        for number in range(5):
            make_service(
                area=area,
                kind="statutory" if number % 2 else "discretionary",
                legal_basis="An Act",
                statuses=["former_relevant"],
            )
    assert count() == before
    assert before <= 8


def test_answers_are_cached_by_their_own_address(client, demo_offer):
    first = client.get(f"{FINDER}?{GOOD}")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{FINDER}?{GOOD}")
    assert again.content == first.content and len(queries) == 1  # the content version
    other = client.get(f"{FINDER}?age=23&care=left&study=none&home=own&about=parent")
    assert b"childcare-costs" in other.content and b"childcare-costs" not in first.content
    # Wrong answers are never kept: each is a 400, rendered afresh.
    assert client.get(f"{FINDER}?age=abc").status_code == 400
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{FINDER}?age=abc")
    assert len(queries) > 1


def test_home_and_navigation_link_to_the_finder(client, demo_offer):
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert soup.select_one(f'main a[href="{FINDER}"]')
    assert soup.select_one(f'.site-nav a[href="{FINDER}"]')


# --- The booklet of what was found -----------------------------------------------------


def booklet_links(client, query=GOOD):
    soup = BeautifulSoup(client.get(f"{FINDER}?{query}").content, "html.parser")
    return [a["href"] for a in soup.select(".booklet-links a")]


def test_the_booklet_links_name_every_service_found(client, demo_offer):
    full, easy = booklet_links(client)
    assert urlsplit(full).path == "/en/booklet.pdf"
    assert urlsplit(easy).path == "/en/easy-read/booklet.pdf"
    finding = find(Service.objects.published().select_related("area"), answers_from(GOOD))
    keys = parse_qs(urlsplit(full).query)["service"]
    assert keys == [str(pk) for pk in sorted(s.pk for s in finding.services)]
    spec = BookletSpec.from_query(
        "en",
        False,
        QueryDict(urlsplit(full).query),
        list(Area.objects.values_list("slug", flat=True)),
        Service.objects.published().values_list("pk", flat=True),
    )
    assert spec.get_absolute_url() == full
    assert spec.tailored and spec.filename == "local-offer-en-full-a4-selected-services.pdf"


def test_the_booklet_link_makes_a_pdf(client, demo_offer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    full, _easy = booklet_links(client)
    response = client.get(full.replace("/en/", "/ar/", 1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(
        '"local-offer-ar-full-a4-selected-services.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_booklets_of_services_count_as_new_tailored_booklets(
    client, demo_offer, settings, tmp_path, monkeypatch
):
    from tests.test_booklets import FakeRenderer

    settings.MEDIA_ROOT = tmp_path
    settings.BOOKLET_RENDERS_PER_HOUR = 1
    monkeypatch.setattr(store, "pdf_from_html", FakeRenderer())
    full, easy = booklet_links(client)
    assert client.get(full).status_code == 200
    assert client.get(easy).status_code == 429
    assert client.get(full).status_code == 200  # made already: never refused


def test_a_booklet_of_services_has_those_services_only(demo_offer):
    chosen = list(Service.objects.filter(slug__in=["staying-put", "birthday-money"]))
    html = booklet_html(BookletSpec("en", services=tuple(sorted(s.pk for s in chosen))))
    soup = BeautifulSoup(html, "html.parser")
    titles = {h3.get_text() for h3 in soup.select(".chapter .service h3")}
    assert titles == {service.title for service in chosen}
    chapters = {section["id"] for section in soup.select("section.chapter")}
    assert chapters == {"area-accommodation", "area-participation-in-society"}


def test_service_choices_are_checked(demo_offer):
    known = sorted(Service.objects.published().values_list("pk", flat=True))
    areas = list(Area.objects.values_list("slug", flat=True))

    def spec(query):
        return BookletSpec.from_query("en", False, QueryDict(query), areas, known)

    one = spec(f"service={known[3]}&service={known[0]}&service={known[3]}")
    assert one.services == (known[0], known[3])
    assert one.storage_name(1) != spec(f"service={known[0]}").storage_name(1)
    everything = spec("&".join(f"service={pk}" for pk in known))
    assert everything == BookletSpec("en")
    for bad in ["service=x", f"service={max(known) + 1}", "service=-1", "service=١", "service=1e3"]:
        with pytest.raises(BadBooklet):
            spec(bad)
    # Area booklets keep their names (booklets already made stay valid).
    assert spec("area=employment").storage_name(1) == BookletSpec(
        "en", areas=("employment",)
    ).storage_name(1)


def test_a_booklet_of_unknown_services_is_refused_before_rendering(client, demo_offer, monkeypatch):
    def tripwire(html):
        raise AssertionError("rendered a booklet that should have been refused")

    monkeypatch.setattr(store, "pdf_from_html", tripwire)
    assert client.get("/en/booklet.pdf?service=999999").status_code == 400
    assert client.get("/en/easy-read/booklet.pdf?service=abc").status_code == 400


# --- In a real browser ---------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_finder_at_phone_width(live_server, demo_offer, browser, phone, language):
    page = phone
    page.goto(f"{live_server.url}/{language}/what-can-i-get/")
    page.fill("#id_age", "16")
    page.check("input[name=care][value=in_care]")
    page.check("input[name=study][value=college]")
    page.check("input[name=home][value=foster]")
    page.check("input[name=about][value=asylum]")
    page.click("form#questions button[type=submit]")
    page.wait_for_selector("#result")
    assert page.url.endswith("#result")
    assert page.locator("h1").count() == 1
    sideways = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(sideways) <= 0
    if language == "ar":
        box = page.locator("#result h2").first.bounding_box()
        assert box["x"] + box["width"] > 320, "headings start on the right"
    assert not violations(page), violations(page)
    screenshot(page, f"finder-{language}-360")
    # On paper: the answers in words, no form or links to make booklets.
    page.emulate_media(media="print")
    assert page.locator(".answers").is_visible()
    assert not page.locator("form#questions").is_visible()
    assert not page.locator(".booklet-links").is_visible()
    page.screenshot(path=f"/tmp/finder-{language}-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.screenshot(path=f"/tmp/finder-{language}-result.png", full_page=True)
    # A long result (44 services for a 19-year-old at university) opened from a shared
    # link, with nothing cached yet, comes in one round trip.
    fresh = browser.new_context(viewport={"width": 360, "height": 740})
    sizes = transferred(fresh.new_page(), f"{live_server.url}/{language}/what-can-i-get/?{GOOD}")
    fresh.close()
    first = sum(size for kind, size in sizes if kind in {"document", "stylesheet"})
    assert {kind for kind, _size in sizes} >= {"document", "stylesheet"}
    assert first <= FIRST_ROUND_TRIP, f"HTML + CSS is {first} bytes"
    # Wrong answers, with the browser's own checks out of the way (novalidate).
    page.goto(f"{live_server.url}/{language}/what-can-i-get/")
    page.fill("#id_age", "abc")
    page.click("form#questions button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#field-age .field-error").count() == 1
    assert not violations(page), violations(page)
    page.screenshot(path=f"/tmp/finder-{language}-errors.png", full_page=True)
