"""Staff Markdown is checked against the same allow-list on save as on output."""

import json

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from offers.backup import dumps, export_offer
from offers.markup import disallowed_html, neutralise, render_markdown
from offers.models import ContentVersion, GlossaryTerm, OfferSettings, Service
from tests.conftest import admin_change_url, admin_form_data

ORDINARY = [
    "**Bold**, _emphasis_ and a [link](https://example.org) or [a page](/en/glossary/).",
    "- one\n- two\n\n1. first\n2. second",
    "# A heading\n\n## Another\n\n---\n\n> A quote",
    "Call <https://example.org> or write to <help@example.org>, or ring [us](tel:0800123).",
    "Type `<script>` to see code; 3 < 5 and 5 > 3.",
    "",
]
UNSAFE = {
    "<script>alert(1)</script>": "<script>",
    '<p onclick="steal()">Hello</p>': "<p onclick>",
    "[Click](javascript:alert(1))": "javascript:",
    "[Click](java&#x09;script:alert(1))": "javascript:",
    "[Click][1]\n\n[1]: vbscript:msgbox": "vbscript:",
    '<iframe src="https://example.org"></iframe>': "<iframe>",
    "<span style='color:red'>red</span>": "<span>",
    "![photo](https://example.org/tracker.png)": "<img>",
}


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_markdown_is_never_refused(text):
    assert disallowed_html(text) == ()
    assert neutralise(text) == text


@pytest.mark.parametrize("text", UNSAFE)
def test_html_the_page_would_not_show_is_named(text):
    assert UNSAFE[text] in disallowed_html(text)


@pytest.mark.parametrize("text", UNSAFE)
def test_neutralised_text_keeps_every_word_and_loses_the_markup(text):
    safe = neutralise(text)
    assert set(disallowed_html(safe)) <= {"<img>"}
    shown = BeautifulSoup(render_markdown(safe), "html.parser")
    assert not shown.find(["script", "iframe", "span"]) and not shown.find(href=True)
    words = [w for w in BeautifulSoup(text, "html.parser").get_text().split() if w.isalpha()]
    assert all(word in shown.get_text() for word in words)


# Text built from the characters that make markup, so the search reaches real tags.
MARKUP_ALPHABET = st.sampled_from(
    list("<>/=\"' ()[]!:&#;\n") + ["script", "a", "img", "href", "onerror", "javascript", "x"]
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(MARKUP_ALPHABET, max_size=40).map("".join))
def test_neutralising_any_text_leaves_nothing_that_runs(text):
    assert set(disallowed_html(neutralise(text))) <= {"<img>"}
    assert neutralise(neutralise(text)) == neutralise(text)


def test_a_form_refuses_unsafe_html_in_any_language_and_keeps_the_text(staff, demo_offer):
    service = Service.objects.get(slug="setting-up-home-allowance")
    version = ContentVersion.current()
    data = admin_form_data(staff, admin_change_url(service))
    data["body_ar"] = '<img src=x onerror="alert(1)"> نص'
    response = staff.post(admin_change_url(service), data)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    errors = page.select_one(".field-body_ar .errorlist").get_text()
    assert "<img>" in errors and "<img onerror>" in errors and "Markdown" in errors
    assert page.select_one("#id_body_ar").get_text().strip() == data["body_ar"]
    service.refresh_from_db()
    assert "onerror" not in service.body_ar and ContentVersion.current() == version


def test_a_save_without_a_form_stores_harmless_text(demo_offer):
    term = GlossaryTerm.objects.first()
    term.definition_fa = "<script>alert(1)</script> تعریف"
    term.save()
    term.refresh_from_db()
    assert term.definition_fa == "&lt;script>alert(1)&lt;/script> تعریف"
    offer = OfferSettings.objects.get()
    offer.introduction_en = "[Start](javascript:go())"
    offer.save()
    offer.refresh_from_db()
    assert disallowed_html(offer.introduction_en) == ()


def test_a_backup_with_unsafe_html_is_refused(demo_offer, tmp_path):
    from django.core.management import CommandError, call_command

    data = json.loads(dumps(export_offer()))
    data["objects"]["offers.service"][0]["fields"]["how_to_get_en"] = "<script>x</script>"
    path = tmp_path / "offer.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="HTML the site does not show: <script>"):
        call_command("import_offer", str(path))
