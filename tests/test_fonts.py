"""The fonts we serve cover every character our translations use."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

ROOT = Path(settings.BASE_DIR)
FONTS = {
    "arabic": (ROOT / "static/fonts/noto-sans-arabic-subset.woff2", range(0x0600, 0x0780)),
    "ethiopic": (ROOT / "static/fonts/noto-sans-ethiopic-subset.woff2", range(0x1200, 0x1380)),
}
SCRIPT_OF = {"ar": "arabic", "fa": "arabic", "ps": "arabic", "ckb": "arabic", "ti": "ethiopic"}


def characters(language):
    """Every character in the interface and demo content translations for a language."""
    paths = [ROOT / "translations" / language / "LC_MESSAGES" / "django.po"]
    paths += sorted((ROOT / "offers/demo/translations" / language).glob("*.po"))
    text = "".join(entry.msgstr for path in paths for entry in polib.pofile(str(path)))
    return set(text)


@pytest.mark.parametrize("language", sorted(SCRIPT_OF))
def test_font_covers_the_script_of_each_translation(language):
    path, block = FONTS[SCRIPT_OF[language]]
    covered = set(TTFont(path).getBestCmap())
    needed = {ord(ch) for ch in characters(language) if ord(ch) in block}
    assert needed, f"no {SCRIPT_OF[language]} text found for {language}"
    missing = sorted(needed - covered)
    assert not missing, f"{language}: no glyph for {[chr(c) for c in missing]}"


def test_fonts_are_small_and_licensed():
    for path, _block in FONTS.values():
        assert path.stat().st_size < 50 * 1024
    assert "SIL Open Font License" in (ROOT / "static/fonts/OFL.txt").read_text()
