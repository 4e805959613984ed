"""Rules for easy-read sentences, checked as staff write them (English only).

Pure functions: a sentence and the glossary in, a list of plain-English problems out.
They are advice, not errors: staff can still save, and the problems are listed beside
the sentence and on the translation status page.
"""

import re
from functools import lru_cache

from django.utils.translation import gettext as _

MAX_WORDS = 15
LONG_WORD = 13
PHONE = re.compile(r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{0,4}\b|\b\d{3} \d{3}\b")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
NUMBER_WORDS = {
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million",
}  # fmt: skip
# Words from letters and meetings that easy read should explain or avoid.
HARD_WORDS = {
    "statutory", "discretionary", "entitlement", "entitlements", "eligible", "eligibility",
    "relevant", "accommodation", "assessment", "allowance", "bursary", "tenancy",
    "guarantor", "apprenticeship", "pathway", "corporate", "advocate", "advocacy",
    "independent", "participation", "exemption", "provision", "criteria", "liaise",
    "facilitate", "universal credit", "arrears", "deposit", "means-tested",
}  # fmt: skip


def words(text):
    return WORD.findall(text)


def term_variants(term):
    """How a glossary term may appear in a sentence: "Personal Adviser (PA)" is found as
    "personal adviser" or as "PA"."""
    inside = re.findall(r"\(([^)]+)\)", term)
    main = re.sub(r"\s*\([^)]*\)", "", term).strip()
    return [v for v in [main, *inside] if len(v) >= 2]


@lru_cache(maxsize=2048)
def term_pattern(term):
    """One compiled pattern for every way `term` may appear; booklets ask thousands of times."""
    # Abbreviations match in capitals only, so "pa" in a word is not "PA".
    pieces = [
        re.escape(variant) if variant.isupper() else f"(?i:{re.escape(variant)})"
        for variant in term_variants(term)
    ]
    if not pieces:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(pieces)})(?!\w)")


def glossary_terms_in(text, terms):
    """The glossary terms (objects with `term` and `easy_definition`) used in `text`."""
    found = []
    for term in terms:
        pattern = term_pattern(term.term)
        if pattern and pattern.search(text):
            found.append(term)
    return found


def check_sentence(text, terms=()):
    """Problems with one English easy-read sentence; an empty list when it follows the rules."""
    problems = []
    found = words(text)
    if len(found) > MAX_WORDS:
        problems.append(
            _("%(count)d words: use %(max)d or fewer, one idea a sentence.")
            % {"count": len(found), "max": MAX_WORDS}
        )
    used = glossary_terms_in(text, terms)
    explained = {t.term.lower() for t in used if t.easy_definition}
    for term in used:
        if not term.easy_definition:
            problems.append(
                _('"%(term)s" is in the glossary but has no easy-read meaning yet.')
                % {"term": term.term}
            )
    lowered = text.lower()
    for hard in sorted(HARD_WORDS):
        if re.search(rf"\b{re.escape(hard)}\b", lowered) and not any(
            hard in term for term in explained | {t.term.lower() for t in used}
        ):
            problems.append(
                _('"%(word)s" is a hard word: say it plainly, or add it to the glossary.')
                % {"word": hard}
            )
    for word in found:
        long = len(word) >= LONG_WORD and word.isalpha() and word.lower() not in HARD_WORDS
        if long and not any(word.lower() in term for term in explained):
            problems.append(
                _('"%(word)s" is a long word: is there a shorter one?') % {"word": word}
            )
    problems.extend(_number_problems(text, found))
    return problems


def _number_problems(text, found):
    problems = []
    # Phone numbers are read digit by digit: none of these rules apply to them.
    text = PHONE.sub(" ", text)
    found = words(text)
    for word in found:
        lowered = word.lower()
        if lowered in NUMBER_WORDS or any(lowered.startswith(n + "-") for n in NUMBER_WORDS):
            problems.append(_('Write numbers as digits: "21", not "%(word)s".') % {"word": word})
        # Years need no comma.
        elif re.fullmatch(r"\d{4,}", word) and not re.fullmatch(r"(19|20)\d\d", word):
            problems.append(
                _('Put a comma in big numbers: "%(good)s", not "%(word)s".')
                % {"good": f"{int(word):,}", "word": word}
            )
    if re.search(r"\d+\s*%|\d+/\d+|[½¼¾]", text):
        problems.append(_("Avoid percentages and fractions: say it in words, like half or most."))
    if re.search(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", text):
        problems.append(_('Write dates in words, like "1 October 2026".'))
    if re.search(r"\b\d+\s*[-–]\s*\d+\b", text):
        problems.append(_('Write ranges with "to": "16 to 25", not "16-25".'))
    return problems
