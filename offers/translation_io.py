"""Content translations out to translators and back, as gettext PO files (polib).

One entry per translatable field of each item: `msgctxt` names the item by its stable key
(`service:accommodation/staying-put:title`), `msgid` is the English, `msgstr` the
translation. Entries whose English changed after they were translated are marked fuzzy.

An import is checked whole before anything is written: a file for the wrong language,
an entry for an unknown or deleted item, a broken placeholder or link, markup, or a text
too long for its field stops the whole import. Then it is applied in one transaction.
"""

import contextlib
import re
from dataclasses import dataclass, field

import polib
import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offers.fields import MarkdownField
from offers.history import ensure_baseline
from offers.models import (
    SOURCE_LANGUAGE,
    Area,
    Contact,
    EasyReadSentence,
    GlossaryTerm,
    OfferSettings,
    PublicChange,
    Service,
    TranslatedContent,
)
from offers.signals import one_change

#: The largest translation file staff may upload.
# Under Django's 2.5 MB form limit, as the preview posts the file back to confirm it.
MAX_FILE_BYTES = 2 * 1024 * 1024
PLAIN_EASY_READ = "One idea in plain words; it sits beside a picture."
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|\]\([^)\s]+\)")
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


class Kinds:
    """How each model is named in a file, and how its items are found again."""

    models = {
        "area": Area,
        "service": Service,
        "contact": Contact,
        "glossary": GlossaryTerm,
        "settings": OfferSettings,
        "easyread": EasyReadSentence,
        "change": PublicChange,
    }

    @classmethod
    def key(cls, obj):
        if isinstance(obj, EasyReadSentence):
            # Its owner and its place among the owner's sentences (1, 2, 3...).
            return f"{cls.name(obj.owner)}:{cls.key(obj.owner)}:{obj.position}"
        if isinstance(obj, Service):
            return f"{obj.area.slug}/{obj.slug}"
        if isinstance(obj, OfferSettings):
            return "offer"
        if isinstance(obj, PublicChange):
            return str(obj.pk)  # a line on the "What changed" page
        return obj.slug

    @classmethod
    def name(cls, obj):
        return next(name for name, model in cls.models.items() if isinstance(obj, model))

    @classmethod
    def everything(cls):
        """Every translatable item, in a stable order, in one query for each kind."""
        yield OfferSettings.load()
        yield from Area.objects.all()
        yield from Contact.objects.all()
        yield from Service.objects.exclude(status=Service.Status.ARCHIVED).select_related("area")
        yield from GlossaryTerm.objects.all()
        yield from cls.easy_read_sentences()
        yield from PublicChange.objects.recent()  # what the "What changed" page shows

    @staticmethod
    def easy_read_sentences():
        """Every easy-read sentence, each told its position among its owner's sentences."""
        sentences = EasyReadSentence.objects.select_related("offer", "area", "service__area")
        positions = {}
        for sentence in sentences.order_by("offer", "area", "service", "order", "pk"):
            owner = (type(sentence.owner).__name__, sentence.owner.pk)
            positions[owner] = positions.get(owner, 0) + 1
            sentence.position = positions[owner]
            yield sentence

    @classmethod
    def index(cls):
        return {f"{cls.name(obj)}:{cls.key(obj)}": obj for obj in cls.everything()}


def context(obj, name):
    return f"{Kinds.name(obj)}:{Kinds.key(obj)}:{name}"


def check_language(language):
    codes = TranslatedContent.target_languages()
    if language not in codes:
        raise TranslationFileError(
            [
                _("%(language)s is not a language to translate into. Choose one of: %(codes)s.")
                % {"language": language, "codes": ", ".join(codes)}
            ]
        )


def export_po(language):
    """A PO file with every translatable text, for translators into `language`."""
    check_language(language)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "local offer content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
    }
    for obj in Kinds.everything():
        for name in obj.translated_fields():
            english = obj.text_in(name, SOURCE_LANGUAGE)
            if not english:
                continue
            state = obj.translation_state(name, language)
            entry = polib.POEntry(
                msgctxt=context(obj, name),
                msgid=english,
                msgstr=obj.text_in(name, language),
                comment=_describe(obj, name),
                flags=["fuzzy"] if state == TranslatedContent.STALE else [],
            )
            po.append(entry)
    return po


def _describe(obj, name):
    model_field = type(obj)._meta.get_field(name)
    label = str(model_field.verbose_name)
    note = f"{type(obj)._meta.verbose_name}: {Kinds.key(obj)}; {label}"
    if isinstance(obj, EasyReadSentence):
        note += f". {PLAIN_EASY_READ} Picture: {obj.get_picture_display()}."
    if isinstance(model_field, MarkdownField):
        note += (
            ". Markdown: keep the ** and the - at the start of list lines, and links as they are."
        )
    return note


class TranslationFileError(Exception):
    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Change:
    obj: object
    field: str
    old: str
    new: str
    source: str

    @property
    def label(self):
        return context(self.obj, self.field)


@dataclass
class ImportPlan:
    language: str
    changes: list = field(default_factory=list)
    unchanged: int = 0
    skipped_fuzzy: int = 0
    skipped_empty: int = 0
    outdated_source: list = field(default_factory=list)

    def summary(self):
        return _(
            "%(changes)d changes, %(unchanged)d unchanged, %(empty)d not translated, "
            "%(fuzzy)d marked fuzzy (left out), %(outdated)d made from older English."
        ) % {
            "changes": len(self.changes),
            "unchanged": self.unchanged,
            "empty": self.skipped_empty,
            "fuzzy": self.skipped_fuzzy,
            "outdated": len(self.outdated_source),
        }

    def apply(self, user=None):
        return apply_plans([self], user=user)


@transaction.atomic
@one_change()
def apply_plans(plans, user=None, keep_history=True):
    """Apply checked plans together, saving each changed item once; returns the count.

    With history kept, each item's state before the import is recorded first (if it has
    no saved version yet), and the import is one revision, so it can be undone."""
    touched = {id(change.obj): change.obj for plan in plans for change in plan.changes}
    if keep_history:
        for obj in touched.values():
            ensure_baseline(obj, user)
    with reversion.create_revision() if keep_history else contextlib.nullcontext():
        if keep_history:
            languages = ", ".join(sorted({plan.language for plan in plans}))
            reversion.set_comment(
                _("Translations imported (%(languages)s)") % {"languages": languages}
            )
            reversion.set_user(user)
        for plan in plans:
            for change in plan.changes:
                change.obj.set_translation(plan.language, change.field, change.new, change.source)
        for obj in touched.values():
            obj.save()
    return sum(len(plan.changes) for plan in plans)


def read_po(content):
    """Parse PO text (or bytes), turning any parse failure into a clear error."""
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise TranslationFileError(
                [_("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // 2**20}]
            )
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise TranslationFileError([_("The file is not UTF-8 text.")]) from error
    try:
        return polib.pofile(content, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as error:
        raise TranslationFileError([_("This is not a readable PO file: %s") % error]) from error


def plan_import(content, language=None, items=None):
    """Check a translated PO file and work out what it would change; writes nothing."""
    po = read_po(content)
    file_language = po.metadata.get("Language", "").strip()
    if language and file_language and file_language != language:
        raise TranslationFileError(
            [
                _("This file is for language %(file)s, not %(expected)s.")
                % {"file": file_language, "expected": language}
            ]
        )
    language = language or file_language
    check_language(language)

    # Several files checked together share one index, so their changes meet on one object.
    items = Kinds.index() if items is None else items
    plan, problems, seen = ImportPlan(language), [], set()
    for entry in po:
        where = _("line %(line)d (%(context)s)") % {
            "line": entry.linenum,
            "context": entry.msgctxt or "-",
        }
        if entry.obsolete:
            continue
        kind_key, _sep, name = (entry.msgctxt or "").rpartition(":")
        obj = items.get(kind_key)
        if obj is None or name not in obj.translated_fields():
            problems.append(
                _("%(where)s: no such item or field here; it may have been deleted.")
                % {"where": where}
            )
            continue
        if entry.msgctxt in seen:
            problems.append(_("%(where)s: appears twice.") % {"where": where})
            continue
        seen.add(entry.msgctxt)
        if "fuzzy" in entry.flags:
            plan.skipped_fuzzy += 1
            continue
        if not entry.msgstr.strip():
            plan.skipped_empty += 1
            continue
        problems.extend(_check_text(obj, name, entry, where))
        new = entry.msgstr
        if new == obj.text_in(name, language) and entry.msgid == obj.text_in(name, SOURCE_LANGUAGE):
            plan.unchanged += 1
            continue
        if entry.msgid != obj.text_in(name, SOURCE_LANGUAGE):
            plan.outdated_source.append(entry.msgctxt)
        plan.changes.append(Change(obj, name, obj.text_in(name, language), new, entry.msgid))
    if problems:
        raise TranslationFileError(problems)
    return plan


def _check_text(obj, name, entry, where):
    problems = []
    if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr)):
        problems.append(
            _("%(where)s: placeholders or link addresses differ from the English: %(found)s")
            % {"where": where, "found": ", ".join(PLACEHOLDER.findall(entry.msgstr)) or "-"}
        )
    if MARKUP.search(entry.msgstr):
        problems.append(
            _(
                "%(where)s: contains HTML markup, which the site would remove. Use plain text"
                " or Markdown."
            )
            % {"where": where}
        )
    max_length = type(obj)._meta.get_field(name).max_length
    if max_length and len(entry.msgstr) > max_length:
        problems.append(
            _("%(where)s: %(length)d characters, but this field holds at most %(max)d.")
            % {"where": where, "length": len(entry.msgstr), "max": max_length}
        )
    return problems


def languages():
    return [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
