"""How far each language's translation has got: translated, missing and stale texts,
and which items need work, for the staff translation status page."""

from dataclasses import dataclass, field

from django.conf import settings

from offers.admin_site import admin_url
from offers.easy_read_check import check_sentence
from offers.models import EasyReadSentence, GlossaryTerm, TranslatedContent
from offers.translation_io import Kinds


@dataclass
class ItemGaps:
    obj: object
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)

    @property
    def admin_url(self):
        return admin_url(self.obj)

    @property
    def kind(self):
        return type(self.obj)._meta.verbose_name

    @staticmethod
    def labels(obj, names):
        return [str(type(obj)._meta.get_field(name).verbose_name) for name in names]

    @property
    def missing_labels(self):
        return self.labels(self.obj, self.missing)

    @property
    def stale_labels(self):
        return self.labels(self.obj, self.stale)


@dataclass
class LanguageStatus:
    code: str
    name: str
    translated: int = 0
    missing: int = 0
    stale: int = 0
    items: list = field(default_factory=list)

    @property
    def total(self):
        return self.translated + self.missing + self.stale

    @property
    def percent(self):
        return round(100 * self.translated / self.total) if self.total else 100


def translation_status():
    """One LanguageStatus per language to translate into, over all current content."""
    names = dict(settings.LANGUAGES)
    report = {
        code: LanguageStatus(code, names[code]) for code in TranslatedContent.target_languages()
    }
    for obj in Kinds.everything():
        for code, status in report.items():
            gaps = ItemGaps(obj)
            for name in obj.translated_fields():
                state = obj.translation_state(name, code)
                if state == TranslatedContent.TRANSLATED:
                    status.translated += 1
                elif state == TranslatedContent.MISSING:
                    status.missing += 1
                    gaps.missing.append(name)
                elif state == TranslatedContent.STALE:
                    status.stale += 1
                    gaps.stale.append(name)
            if gaps.missing or gaps.stale:
                status.items.append(gaps)
    return list(report.values())


def easy_read_advice():
    """Easy-read sentences that break the rules, each with what is wrong (English)."""
    terms = list(GlossaryTerm.objects.all())
    found = []
    for sentence in EasyReadSentence.objects.select_related("offer", "area", "service"):
        problems = check_sentence(sentence.text_en or "", terms)
        if problems:
            found.append((ItemGaps(sentence), problems))
    return found
