"""What changed between two saved versions of a piece of content, in words staff read.

django-reversion keeps every save (see OfferAdmin); this turns two of its versions into a
list of the fields that differ, each with its label, its language, and the words taken
out and put in.
"""

import difflib
import re
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion.models import Version

#: Bookkeeping, not words anyone typed.
HIDDEN_FIELDS = {"id", "translation_sources"}
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Change:
    label: str
    before: str
    after: str
    language: str = ""  # of a translated field, so the diff is laid out in its direction

    @property
    def direction(self):
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"

    @property
    def diff(self):
        """The new text with removed words struck through and added words marked."""
        before, after = TOKENS.findall(self.before), TOKENS.findall(self.after)
        pieces = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                pieces.append(escape("".join(before[a1:a2])))
                continue
            if a2 > a1:
                pieces.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
            if b2 > b1:
                pieces.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
        return mark_safe("".join(pieces))  # noqa: S308  (every piece escaped above)


def versions_of(obj):
    """Saved versions of an object, newest first."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


def latest_version_id(obj):
    return Version.objects.get_for_object(obj).values_list("pk", flat=True).first() or 0


def ensure_baseline(obj, user=None):
    """Record how an object stands before its first edit in the admin, so that text
    loaded by the demo or a migration can be restored too."""
    if obj.pk is None or versions_of(obj).exists():
        return
    with reversion.create_revision():
        reversion.set_comment(_("As it was before the first edit in the staff area"))
        if user is not None:
            reversion.set_user(user)
        reversion.add_to_revision(obj)


def previous_version(version):
    return (
        Version.objects.get_for_object_reference(version._model, version.object_id)
        .filter(pk__lt=version.pk)
        .first()
    )


def changes_between(older, newer):
    """The fields that differ from version `older` (or None: nothing) to `newer`."""
    return compare(newer._model, older.field_dict if older else {}, newer.field_dict)


def stored_values(obj):
    """An object's fields as saved, in the shape of a version's field_dict."""
    values = {field.name: field.value_from_object(obj) for field in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        values[field.name] = sorted(item.pk for item in getattr(obj, field.name).all())
    return values


def with_draft(obj, draft):
    """How `obj` reads once `draft` (None: no draft) is published."""
    return {**stored_values(obj), **(draft.model_values() if draft else {})}


def compare(model, before, after):
    """The fields staff typed that differ between two field_dicts of `model`."""
    changes = []
    for name in after:
        field = _field(model, name)
        if field is None or not _typed_by_staff(model, field):
            continue
        if same(before.get(name), after.get(name)):
            continue
        changes.append(
            Change(
                label=label_for(field),
                before=shown(field, before.get(name)),
                after=shown(field, after.get(name)),
                language=getattr(field, "language", None) or "",
            )
        )
    return changes


def _typed_by_staff(model, field):
    """Leave out bookkeeping, and the untranslated original of a translated field (it
    mirrors one of the language columns, which are shown instead)."""
    if field.name in HIDDEN_FIELDS or getattr(field, "auto_now", False):
        return False
    try:
        translated = translator.get_options_for_model(model).fields
    except NotRegistered:
        return True
    return field.name not in translated


def same(before, after):
    """Equal as staff see them: no text and empty text are the same, and so is text that
    differs only in line endings or the space around it (forms trim both)."""
    if isinstance(before, str) or isinstance(after, str):
        return _text(before) == _text(after)
    return before == after or (not before and not after)


def _text(value):
    return (value or "").replace("\r\n", "\n").strip()


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def label_for(field):
    """ "Title (Arabic)" for a translation column, "Title" for anything else."""
    language = getattr(field, "language", None)  # set by modeltranslation
    base = getattr(field, "translated_field", field)
    label = str(base.verbose_name).capitalize()
    if language and language != settings.LANGUAGE_CODE:
        return f"{label} ({get_language_info(language)['name']})"
    return label


def shown(field, value):
    """A stored value as staff would recognise it."""
    if value in (None, ""):
        return ""
    if isinstance(field, models.ManyToManyField):
        names = field.related_model.objects.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in names))
    if isinstance(field, models.ForeignKey):
        item = field.related_model.objects.filter(pk=value).first()
        return str(item) if item else str(value)
    if field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def register_content():
    """Put every kind of content under version control. A save of an area, a service or
    the offer settings is one revision with its easy-read sentences (and a service's with
    its documents); an area's services are not part of it, so restoring an area never
    undoes edits to its services. A restored document points at its file again: uploads
    are never deleted from storage, so the file is still there."""
    from offers.models import (
        Area,
        Contact,
        Document,
        EasyReadSentence,
        GlossaryTerm,
        OfferSettings,
        Service,
    )

    for model, follow in [
        (EasyReadSentence, ()),
        (Document, ()),
        (Contact, ()),
        (GlossaryTerm, ()),
        (Area, ("easy_read",)),
        (Service, ("easy_read", "documents")),
        (OfferSettings, ("easy_read",)),
    ]:
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)
