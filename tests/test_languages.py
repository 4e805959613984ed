"""Languages: Django's tables extended properly, and complete interface catalogues."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.conftest import LANGUAGE_CODES

CATALOGUES = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
RTL = {"ar", "fa", "ps", "ckb"}


@pytest.mark.parametrize(
    ("code", "name_local", "bidi"), [("ps", "پښتو", True), ("ti", "ትግርኛ", False)]
)
def test_languages_django_lacks_are_added(code, name_local, bidi):
    info = translation.get_language_info(code)
    assert info["name_local"] == name_local
    with translation.override(code):
        assert translation.get_language_bidi() is bidi


def test_right_to_left_languages_are_the_four_expected():
    with_rtl = set()
    for code in LANGUAGE_CODES:
        with translation.override(code):
            if translation.get_language_bidi():
                with_rtl.add(code)
    assert with_rtl == RTL


@pytest.mark.parametrize("language", [code for code in LANGUAGE_CODES if code != "en"])
def test_interface_catalogue_is_complete_and_consistent(language):
    path = CATALOGUES / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {language}"
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    )
    assert not fuzzy, f"{language}: fuzzy entries {fuzzy[:3]}"
    for entry in catalogue.translated_entries():
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = sorted(PLACEHOLDER.findall(text))
            assert found == expected or (
                entry.msgid_plural and found == sorted(PLACEHOLDER.findall(sources[-1]))
            ), f"{language}: placeholders differ in {entry.msgid!r}: {text!r}"


def test_a_broken_catalogue_is_caught(tmp_path):
    """The checks above can fail: a catalogue with a missing placeholder is found."""
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Published %(date)s.", msgstr="نشر."))
    found = PLACEHOLDER.findall(po[0].msgstr)
    assert found != PLACEHOLDER.findall(po[0].msgid)
