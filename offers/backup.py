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
version history (whose entries stay, so after a move they may describe what used to
have the same key). The content version moves on once, so cached pages start afresh.

Uploaded files (the logo, documents) travel inside the file, base64 under "files", by
their stored names; an import checks each as an upload is checked and puts back those
storage lacks. (Version 1 had no files.)

Raise SCHEMA_VERSION when a change to the models would make an older file restore wrongly
(a field renamed, or its meaning changed). A new field needs no new version: a row
without it takes the field's default.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone, translation

from offers.models import (
    Area,
    Contact,
    Document,
    Draft,
    EasyReadSentence,
    GlossaryTerm,
    OfferSettings,
    PublicChange,
    Service,
    TranslatedContent,
)
from offers.signals import content_changed, one_change
from offers.uploads import STORED_NAME, UploadField, check

SCHEMA, SCHEMA_VERSION = "localoffer-offer", 2
READABLE_VERSIONS = (1, 2)
#: In the order they are written: what is pointed at before what points at it.
MODELS = [
    Contact,
    Area,
    OfferSettings,
    GlossaryTerm,
    Service,
    Document,
    EasyReadSentence,
    PublicChange,
    Draft,
]
BY_LABEL = {model._meta.label_lower: model for model in MODELS}
THROUGH = [field.remote_field.through for model in MODELS for field in model._meta.many_to_many]
USER_FIELDS = ("author", "decided_by")
LEFT_OUT = {"revision"}  # a public change's link to the history, which stays behind


class BackupError(Exception):
    def __init__(self, *problems):
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
    """What a row holds: every column but the key and LEFT_OUT, leaving out
    modeltranslation's untranslated original too (it only mirrors the English column)."""
    skip = set(model.translated_fields()) if issubclass(model, TranslatedContent) else set()
    skip |= LEFT_OUT
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [f.name for f in fields if not f.primary_key and f.name not in skip]


def usernames():
    user = get_user_model()
    return dict(user._default_manager.values_list("pk", user.USERNAME_FIELD))


def export_offer():
    objects = {label: rows_of(model) for label, model in BY_LABEL.items()}
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "languages": language_codes(),
        "objects": objects,
        "files": {name: encoded(name) for name, _kinds in uploads_named(objects)},
    }


def uploads_named(objects):
    """(stored name, kinds of file allowed) for each upload the rows point at."""
    found = {}
    for label, model in BY_LABEL.items():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, UploadField)]
        for row in objects.get(label, []):
            for field in fields:
                if name := row["fields"].get(field.name):
                    found[name] = field.kinds
    return sorted(found.items())


def encoded(name):
    with default_storage.open(name) as file:
        return base64.b64encode(file.read()).decode("ascii")


def dumps(data):
    """The file's text: keys sorted and rows in key order, so that two exports of the
    same offer differ only in exported_at."""
    return json.dumps(data, cls=Encoder, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def rows_of(model):
    queryset = model._default_manager.order_by("pk")
    rows = serializers.serialize("python", queryset, fields=field_names(model))
    for row in rows:
        for field in model._meta.many_to_many:
            row["fields"][field.name].sort()
    if model is Draft:  # ids mean nothing on another site; names do
        names = usernames()
        for fields in (row["fields"] for row in rows):
            kind = ContentType.objects.get_for_id(fields["content_type"])
            fields["content_type"] = f"{kind.app_label}.{kind.model}"
            fields.update({name: names.get(fields[name]) for name in USER_FIELDS})
    return [{"pk": row["pk"], "fields": row["fields"]} for row in rows]


@dataclass
class Plan:
    """A checked file, ready to replace the content of this site."""

    rows: dict  # model: [(unsaved object, {many-to-many field: [keys]})]
    files: dict  # stored name: bytes, for uploads this site's storage lacks

    def summary(self):
        return [f"{model._meta.verbose_name_plural}: {len(self.rows[model])}" for model in MODELS]

    def apply(self):
        # Files first: should the rows then fail, an unused upload is all that is left.
        for name, data in self.files.items():
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(data))
        # In English: modeltranslation fills each untranslated original column (title)
        # from the active language, and elsewhere that column holds the English.
        try:
            with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
                with one_change():
                    self._replace()
                tables = [model._meta.db_table for model in [*MODELS, *THROUGH]]
                connection.check_constraints(table_names=tables)
                # Rows came with their own keys; PostgreSQL's counters must move past them.
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), [*MODELS, *THROUGH]):
                        cursor.execute(sql)
        except IntegrityError as error:
            raise BackupError(f"The database refused the file: {error}") from error

    def _replace(self):
        # One DELETE per table, past Django's delete protection on purpose: a restore puts
        # every row back, and the database checks the links at the end. The six areas are
        # set by law and never deleted: each is written over in place, by its key.
        for model in [*THROUGH, *reversed(MODELS)]:
            if model is not Area:
                model._base_manager.all()._raw_delete(connection.alias)
        for model in MODELS:
            for obj, links in self.rows[model]:
                # raw: the file's values exactly, not recomputed by save() (translation
                # fingerprints, review dates, "updated"); an area updated, the rest inserted.
                obj.save_base(raw=True)
                for name, keys in links.items():
                    getattr(obj, name).set(keys)
            content_changed(sender=model)


def plan_import(text):
    """Check a whole file; a Plan, or BackupError listing every problem found."""
    objects, files = read_header(text)
    check_shapes(objects)
    problems, users = [], {name: pk for pk, name in usernames().items()}
    files = checked_files(objects, files, problems)
    with translation.override(settings.LANGUAGE_CODE):  # a required text is required in English
        rows = {
            model: [build(model, row, users, problems) for row in objects[label]]
            for label, model in BY_LABEL.items()
        }
    if not problems:  # links between rows that are wrong themselves say nothing more
        check_links(rows, problems)
    if problems:
        raise BackupError(*problems)
    return Plan(rows, files)


def read_header(text):
    """The file's objects, once it is known to be an offer this site can read."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise BackupError(f"This is not a JSON file: {error}.") from error
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BackupError(f'This is not a copy of an offer: its "schema" is not "{SCHEMA}".')
    if (version := data.get("schema_version")) not in READABLE_VERSIONS:
        known = ", ".join(map(str, READABLE_VERSIONS))
        raise BackupError(f"Schema version {version!r} is unknown: this site reads {known}.")
    languages, here = data.get("languages"), language_codes()
    if not isinstance(languages, list) or sorted(map(str, languages)) != sorted(here):
        raise BackupError(
            f"The file's languages ({', '.join(map(str, languages or []))}) are not this "
            f"site's ({', '.join(here)}). Give this site the same languages first: "
            "DJANGO_LANGUAGES, then makemigrations and migrate add their columns."
        )
    objects = data.get("objects")
    if not isinstance(objects, dict) or not all(isinstance(r, list) for r in objects.values()):
        raise BackupError('"objects" should map each kind of content to a list of rows.')
    if set(objects) != set(BY_LABEL):
        unknown, missing = set(objects) - set(BY_LABEL), set(BY_LABEL) - set(objects)
        raise BackupError(
            f"Unknown kinds of content: {', '.join(sorted(unknown)) or 'none'}; "
            f"missing: {', '.join(sorted(missing)) or 'none'}."
        )
    files = data.get("files", {})
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise BackupError('"files" should map each stored file name to its base64 content.')
    return objects, files


def checked_files(objects, files, problems):
    """The uploads to put back, each checked like an upload: a safe name, the right kind
    of file, not too big. A file storage already has is left as it is."""
    wanted = {}
    for name, kinds in uploads_named(objects):
        if not isinstance(name, str) or not STORED_NAME.fullmatch(name):
            problems.append(f"files: {name!r} is not a name this site gives uploads.")
        elif name not in files:
            if not default_storage.exists(name):
                problems.append(f"files: {name} is missing from the file and from storage.")
        else:
            try:
                data = base64.b64decode(files[name], validate=True)
                found = check(ContentFile(data, name=name), kinds)
            except (binascii.Error, ValueError):
                problems.append(f"files: {name} is not base64.")
            except ValidationError as error:
                problems.append(f"files: {name}: {' '.join(error.messages)}")
            else:
                if not name.endswith(f".{found}"):
                    problems.append(f"files: {name} is really a {found} file.")
                wanted[name] = data
    return wanted


def check_shapes(objects):
    """Each row a key and fields this site has. (A field the file lacks takes its default,
    so a copy made before a field was added still reads.)"""
    problems = []
    for label, rows in objects.items():
        allowed = set(field_names(BY_LABEL[label]))
        for row in rows:
            if not isinstance(row, dict) or row.get("pk") is None:
                problems.append(f"{label}: each row needs a pk and its fields.")
            elif not isinstance(fields := row.get("fields"), dict):
                problems.append(f"{label} {row['pk']}: each row needs a pk and its fields.")
            elif unknown := sorted(set(fields) - allowed):
                problems.append(f"{label} {row['pk']}: unknown fields {', '.join(unknown)}.")
    if problems:
        raise BackupError(*problems)


def local_links(fields, users):
    """A draft's fields with its kind of content and its users as this site knows them
    (someone with no account here is forgotten); errors, if the kind is not content."""
    label, kind = fields.get("content_type"), BY_LABEL.get(fields.get("content_type"))
    fields["content_type"] = kind and ContentType.objects.get_for_model(kind).pk
    fields.update({name: users.get(fields.get(name)) for name in USER_FIELDS})
    return {} if kind else {"content_type": [f"{label!r} is not a kind of content in a file."]}


def build(model, row, users, problems):
    """An unsaved object from a row, and its many-to-many links; what is wrong with it
    goes into `problems`, by field."""
    fields = dict(row["fields"])
    errors = local_links(fields, users) if model is Draft else {}
    obj, links = model(), {}
    for name, value in [("pk", row["pk"]), *fields.items()]:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        try:
            if field.many_to_many:
                links[name] = [field.related_model._meta.pk.to_python(key) for key in value]
            else:
                setattr(obj, field.attname, field.to_python(value))
        except (ValidationError, TypeError, ValueError) as error:
            errors[name] = getattr(error, "messages", [str(error)])
    for name, messages in (errors or validation_errors(obj)).items():
        where = "" if name == NON_FIELD_ERRORS else f", {name}"
        problems.append(f"{model._meta.label_lower} {row['pk']}{where}: {' '.join(messages)}")
    return obj, links


def validation_errors(obj):
    """What the model's own rules say of a row. Links are left to check_links: they point
    at rows in the file, not (yet) at rows in this site's database."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        for constraint in obj._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                constraint.validate(type(obj), obj)
    except ValidationError as error:
        return getattr(error, "message_dict", None) or {NON_FIELD_ERRORS: error.messages}
    return {}


def check_links(rows, problems):
    """Each key once, each link to a row in the file, and every area of this site kept."""
    keys = {model: {obj.pk for obj, _links in found} for model, found in rows.items()}
    for model, found in rows.items():
        if len(keys[model]) != len(found):
            problems.append(f"{model._meta.label_lower}: the same pk is on more than one row.")
        for obj, links in found:
            for name, target, values in pointers(obj, links):
                if lost := [str(v) for v in values if v is not None and v not in keys[target]]:
                    problems.append(
                        f"{model._meta.label_lower} {obj.pk}, {name}: points at "
                        f"{target._meta.label_lower} {', '.join(lost)}, which is not in the file."
                    )
    if keys[OfferSettings] - {1}:
        problems.append("offers.offersettings: there is one row at most, with pk 1.")
    theirs = {obj.pk: obj.slug for obj, _links in rows[Area]}
    for pk, slug in Area.objects.values_list("pk", "slug"):
        if theirs.get(pk) != slug:
            problems.append(
                f"offers.area {pk}: the area {slug!r} is not in the file. The six areas are "
                "set by law: a file must keep each one, with its key and web address name."
            )


def pointers(obj, links):
    """(field, model pointed at, keys) for each link from a row to other content."""
    model = type(obj)
    found = [
        (f.name, f.related_model, [getattr(obj, f.attname)])
        for f in model._meta.concrete_fields
        if f.many_to_one and f.related_model in MODELS
    ]
    found += [(name, model._meta.get_field(name).related_model, ks) for name, ks in links.items()]
    if model is Draft:
        kind = ContentType.objects.get_for_id(obj.content_type_id).model_class()
        found.append(("object_id", kind, [obj.object_id]))
    return found
