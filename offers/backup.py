"""A complete copy of the offer as one versioned JSON file: to back it up, restore it, or
move it to another site (`manage.py export_offer`, `manage.py import_offer`).

The file holds every piece of content in every language, column by column (title_en,
title_ar, ...), with the record of which English each translation was made from, and
keeps each row's primary key so links survive. Left out: staff accounts (drafts name
their author by username instead), feedback (readers' own words, moderated and exported
separately, not something to copy between sites), the version history (so a public
change loses its link to a revision), sessions, and the content version.

An import is a restore, not an edit. It checks the whole file first and changes nothing
when anything is wrong; then it replaces all content in one transaction, writing each
row exactly as the file has it: no save() logic, no signals, nothing recorded in the
version history. The content version moves on once, so cached pages start afresh.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone, translation

from offers.models import (
    Area,
    Contact,
    Draft,
    EasyReadSentence,
    GlossaryTerm,
    OfferSettings,
    PublicChange,
    Service,
    TranslatedContent,
)
from offers.signals import content_changed, one_change

SCHEMA, SCHEMA_VERSION = "localoffer-offer", 1
READABLE_VERSIONS = (1,)
#: In the order they are written: what is pointed at before what points at it.
MODELS = [
    Contact,
    Area,
    OfferSettings,
    GlossaryTerm,
    Service,
    EasyReadSentence,
    PublicChange,
    Draft,
]
BY_LABEL = {model._meta.label_lower: model for model in MODELS}
USER_FIELDS = ("author", "decided_by")


class BackupError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


class Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but keeping microseconds, so a restore is exact."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def field_names(model):
    """What a row holds: every column but the primary key, the link to a revision, and
    modeltranslation's untranslated original (it only mirrors the English column)."""
    skip = {"revision"}
    if issubclass(model, TranslatedContent):
        skip |= set(model.translated_fields())
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [f.name for f in fields if not f.primary_key and f.name not in skip]


def export_offer():
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "languages": language_codes(),
        "objects": {label: rows_of(model) for label, model in BY_LABEL.items()},
    }


def dumps(data):
    """The file's text: keys sorted and rows in key order, so that two exports of the
    same offer differ only in exported_at."""
    return json.dumps(data, cls=Encoder, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def rows_of(model):
    queryset = model._default_manager.order_by("pk")
    rows = serializers.serialize("python", queryset, fields=field_names(model))
    rows = [{"pk": row["pk"], "fields": row["fields"]} for row in rows]
    for row in rows:
        for field in model._meta.many_to_many:
            row["fields"][field.name].sort()
    if model is Draft:  # ids mean nothing on another site; names do
        usernames = dict(get_user_model()._default_manager.values_list("pk", "username"))
        for fields in (row["fields"] for row in rows):
            kind = ContentType.objects.get_for_id(fields["content_type"])
            fields["content_type"] = f"{kind.app_label}.{kind.model}"
            fields.update({name: usernames.get(fields[name]) for name in USER_FIELDS})
    return rows


@dataclass
class Plan:
    """A checked file, ready to replace the content of this site."""

    rows: dict  # model: [(unsaved object, {many-to-many field: [keys]})]

    def summary(self):
        return [f"{model._meta.verbose_name_plural}: {len(self.rows[model])}" for model in MODELS]

    def apply(self):
        through = [f.remote_field.through for m in MODELS for f in m._meta.many_to_many]
        try:
            with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
                with one_change():
                    self._replace(through)
                tables = [model._meta.db_table for model in [*MODELS, *through]]
                connection.check_constraints(table_names=tables)
                # Rows came with their own keys; PostgreSQL's counters must move past them.
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), [*MODELS, *through]):
                        cursor.execute(sql)
        except IntegrityError as error:
            raise BackupError([f"The database refused the file: {error}"]) from error

    def _replace(self, through):
        # One DELETE per table, past Django's delete protection on purpose: a restore puts
        # every row back, and the database checks the links at the end. The six areas are
        # set by law and never deleted: each is written over in place, by its key.
        for model in [*through, *reversed(MODELS)]:
            if model is not Area:
                model._base_manager.all()._raw_delete(connection.alias)
        for model in MODELS:
            for obj, links in self.rows[model]:
                # raw: the file's values exactly, not recomputed by save() (translation
                # fingerprints, review dates, "updated"); an area is updated, the rest inserted.
                obj.save_base(raw=True)
                for name, keys in links.items():
                    getattr(obj, name).set(keys)
            content_changed(sender=model)


def plan_import(text):
    """Check a whole file; a Plan, or BackupError listing every problem found."""
    objects = read_header(text)
    problems = []
    for label, rows in objects.items():
        allowed = set(field_names(BY_LABEL[label]))
        for row in rows:
            if not (
                isinstance(row, dict)
                and row.get("pk") is not None
                and isinstance(row.get("fields"), dict)
            ):
                problems.append(f"{label}: each row needs a pk and its fields.")
            elif unknown := sorted(set(row["fields"]) - allowed):
                problems.append(f"{label} {row['pk']}: unknown fields {', '.join(unknown)}.")
    if not problems:
        users = dict(get_user_model()._default_manager.values_list("username", "pk"))
        with translation.override(settings.LANGUAGE_CODE):
            rows = {
                model: [build(model, row, problems, users) for row in objects[label]]
                for label, model in BY_LABEL.items()
            }
    if not problems:
        check_links(rows, problems)
    if problems:
        raise BackupError(problems)
    return Plan(rows)


def read_header(text):
    """The file's objects, once it is known to be an offer this site can read."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise BackupError([f"This is not a JSON file: {error}."]) from error
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BackupError([f'This is not a copy of an offer: its "schema" is not "{SCHEMA}".'])
    if data.get("schema_version") not in READABLE_VERSIONS:
        known = ", ".join(map(str, READABLE_VERSIONS))
        version = data.get("schema_version")
        raise BackupError([f"Schema version {version!r} is unknown: this site reads {known}."])
    languages, here = data.get("languages"), language_codes()
    if not isinstance(languages, list) or sorted(map(str, languages)) != sorted(here):
        raise BackupError(
            [
                f"The file's languages ({', '.join(map(str, languages or []))}) are not this "
                f"site's ({', '.join(here)}). Give this site the same languages first: "
                "DJANGO_LANGUAGES, then makemigrations and migrate add their columns."
            ]
        )
    objects = data.get("objects")
    if not isinstance(objects, dict) or not all(isinstance(r, list) for r in objects.values()):
        raise BackupError(['"objects" should map each kind of content to a list of rows.'])
    unknown, missing = sorted(set(objects) - set(BY_LABEL)), sorted(set(BY_LABEL) - set(objects))
    if unknown or missing:
        raise BackupError(
            [
                f"Unknown kinds of content: {', '.join(unknown) or 'none'}; "
                f"missing: {', '.join(missing) or 'none'}."
            ]
        )
    return objects


def build(model, row, problems, users):
    """An unsaved object from a row, and its many-to-many links; each field that is
    wrong goes into `problems`, by name."""
    label, pk, fields, errors = model._meta.label_lower, row["pk"], dict(row["fields"]), {}
    if model is Draft:
        kind = BY_LABEL.get(fields.get("content_type"))
        if kind is None:
            errors["content_type"] = [f"{fields.get('content_type')!r} is not content in a file."]
        fields["content_type"] = kind and ContentType.objects.get_for_model(kind).pk
        fields.update({name: users.get(fields.get(name)) for name in USER_FIELDS})
    obj, links = model(), {}
    for name, value in [("pk", pk), *fields.items()]:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        try:
            if field.many_to_many:
                links[name] = [field.related_model._meta.pk.to_python(key) for key in value]
            else:
                setattr(obj, field.attname, field.to_python(value))
        except (ValidationError, TypeError, ValueError) as error:
            errors[name] = getattr(error, "messages", [str(error)])
    # Links are checked against the file (check_links), not this site's database.
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(
            exclude=[*errors, *relations], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    for constraint in model._meta.constraints:
        try:
            if isinstance(constraint, models.CheckConstraint) and not errors:
                constraint.validate(model, obj)
        except ValidationError as error:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(error.messages)
    for name, messages in errors.items():
        where = "" if name == NON_FIELD_ERRORS else f", {name}"
        problems.append(f"{label} {pk}{where}: {' '.join(map(str, messages))}")
    return obj, links


def check_links(rows, problems):
    """Each key once, each link to a row in the file, and this site's areas kept."""
    keys = {model: [obj.pk for obj, _links in found] for model, found in rows.items()}
    for model, found in rows.items():
        label = model._meta.label_lower
        if len(set(keys[model])) != len(keys[model]):
            problems.append(f"{label}: the same pk is on more than one row.")
        for obj, links in found:
            pointers = [
                (f.name, f.related_model, [getattr(obj, f.attname)])
                for f in model._meta.concrete_fields
                if f.many_to_one and f.related_model in rows
            ]
            pointers += [(n, model._meta.get_field(n).related_model, ks) for n, ks in links.items()]
            if model is Draft:
                kind = ContentType.objects.get_for_id(obj.content_type_id).model_class()
                pointers.append(("object_id", kind, [obj.object_id]))
            for name, target, values in pointers:
                if lost := [v for v in values if v is not None and v not in keys[target]]:
                    problems.append(
                        f"{label} {obj.pk}, {name}: points at {target._meta.label_lower} "
                        f"{', '.join(map(str, lost))}, which is not in the file."
                    )
    if [obj.pk for obj, _links in rows[OfferSettings]] not in ([], [1]):
        problems.append("offers.offersettings: there is one row at most, with pk 1.")
    theirs = {obj.pk: obj.slug for obj, _links in rows[Area]}
    for pk, slug in Area.objects.values_list("pk", "slug"):
        if theirs.get(pk) != slug:
            problems.append(
                f"offers.area {pk}: the area {slug!r} is not in the file. The six areas are "
                "set by law: a file must keep each one, with its key and web address name."
            )
