"""The content of a local offer.

Every text a member of staff writes is registered with modeltranslation in
`translation.py`, so each has a column per language from the start. Rules about what the
public may see live on the QuerySets below.
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from offers.fields import ChoiceListField, MarkdownField
from offers.uploads import IMAGE, UploadField, content_type

SOURCE_LANGUAGE = "en"

#: Care leavers are supported up to their 25th birthday; nobody is a care leaver before 16.
YOUNGEST, OLDEST = 16, 25


class CareLeaverStatus(models.TextChoices):
    """The four legal statuses (Children Act 1989 and the Care Leavers Regulations 2010)."""

    ELIGIBLE = "eligible", pgettext_lazy("care leaver status", "Eligible")
    RELEVANT = "relevant", pgettext_lazy("care leaver status", "Relevant")
    FORMER_RELEVANT = "former_relevant", pgettext_lazy("care leaver status", "Former relevant")
    QUALIFYING = "qualifying", pgettext_lazy("care leaver status", "Qualifying")

    @classmethod
    def explanations(cls):
        """Each status in plain words, for the "who counts as a care leaver" page."""
        return [
            (
                cls.ELIGIBLE,
                _(
                    "You are 16 or 17 and still in care. You have been in care for at least "
                    "13 weeks in total since you were 14, and some of that time was after "
                    "your 16th birthday."
                ),
            ),
            (
                cls.RELEVANT,
                _(
                    "You are 16 or 17 and you have left care. Before you left, you were "
                    "eligible (see above)."
                ),
            ),
            (
                cls.FORMER_RELEVANT,
                _(
                    "You are 18 to 25 and you were eligible or relevant before you turned "
                    "18. Most care leavers are in this group."
                ),
            ),
            (
                cls.QUALIFYING,
                _(
                    "You are 16 to 25. You were in care after you turned 16, but not for long "
                    "enough to be eligible, or you were under a special guardianship order "
                    "after you turned 16. You can still ask for advice and help."
                ),
            ),
        ]


class Condition(models.TextChoices):
    """Circumstances a service can ask for on top of age and status."""

    IN_EDUCATION = "in_education", _("In college, sixth form or training")
    IN_HIGHER_EDUCATION = "in_higher_education", _("At university")
    APPRENTICESHIP = "apprenticeship", _("Doing an apprenticeship")
    LOOKING_FOR_WORK = "looking_for_work", _("Looking for work")
    PARENT = "parent", _("A parent or expecting a baby")
    ASYLUM = "asylum", _("Seeking asylum or has refugee status")
    DISABLED = "disabled", _("Disabled")
    CUSTODY = "custody", _("In custody or leaving custody")
    FOSTER_CARE_AT_18 = "foster_care_at_18", _("Living with foster carers at 18")
    OWN_TENANCY = "own_tenancy", _("Has their own tenancy")


def source_fingerprint(text):
    """A short fingerprint of English text, to tell later whether it has changed."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


class TranslatedContent(models.Model):
    """Content whose texts are translated (see translation.py), and which knows, for each
    translation, which English it was made from: when the English changes afterwards, the
    translation is *stale* and shows up on the translation status page."""

    MISSING, STALE, TRANSLATED = "missing", "stale", "translated"

    translation_sources = models.JSONField(
        _("English each translation was made from"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_texts", {})
        explicit = getattr(self, "_explicit_sources", {})
        sources = {lang: dict(fields) for lang, fields in (self.translation_sources or {}).items()}
        for (language, field), value in self._texts(lambda name: getattr(self, name)).items():
            record = sources.setdefault(language, {})
            if not value:
                record.pop(field, None)
            elif (language, field) in explicit or value != loaded.get((language, field)):
                english = explicit.get((language, field))
                if english is None:
                    english = self.text_in(field, SOURCE_LANGUAGE)
                record[field] = source_fingerprint(english)
        self.translation_sources = {lang: fields for lang, fields in sources.items() if fields}
        super().save(*args, **kwargs)
        self._loaded_texts = self._texts(lambda name: getattr(self, name))
        self._explicit_sources = {}

    @classmethod
    def translated_fields(cls):
        from modeltranslation.translator import translator

        return translator.get_options_for_model(cls).fields

    @staticmethod
    def target_languages():
        return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]

    @staticmethod
    def column(field, language):
        from modeltranslation.utils import build_localized_fieldname

        return build_localized_fieldname(field, language)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_texts = instance._texts(instance.__dict__.get)
        return instance

    def _texts(self, get):
        return {
            (language, field): get(self.column(field, language)) or ""
            for field in self.translated_fields()
            for language in self.target_languages()
        }

    def text_in(self, field, language):
        return getattr(self, self.column(field, language)) or ""

    def set_translation(self, language, field, text, source=None):
        """Set a translation; `source` is the English it was made from, when not the
        current English (a translator's file made before the English changed)."""
        setattr(self, self.column(field, language), text)
        self._explicit_sources = getattr(self, "_explicit_sources", {})
        self._explicit_sources[(language, field)] = source

    def translation_state(self, field, language):
        """MISSING, STALE or TRANSLATED; None when there is no English to translate."""
        english = self.text_in(field, SOURCE_LANGUAGE)
        if not english:
            return None
        if not self.text_in(field, language):
            return self.MISSING
        made_from = (self.translation_sources or {}).get(language, {}).get(field)
        return self.TRANSLATED if made_from == source_fingerprint(english) else self.STALE

    def untranslated_languages(self, field):
        """Codes of the languages whose translation of `field` is missing or stale."""
        return [
            code
            for code in self.target_languages()
            if self.translation_state(field, code) not in (None, self.TRANSLATED)
        ]

    def is_fallback(self, field, language):
        """True when the page must show this field's English text in `language`."""
        if language == SOURCE_LANGUAGE:
            return False
        return bool(self.text_in(field, SOURCE_LANGUAGE)) and not self.text_in(field, language)


def has_untranslated(objects, language):
    """Whether any of these objects will show English text on a page in `language`."""
    return any(
        obj.is_fallback(field, language) for obj in objects for field in obj.translated_fields()
    )


class AreaQuerySet(models.QuerySet):
    def delete(self):
        raise ProtectedError(_("The six areas are set by law and cannot be deleted."), set(self))


class Area(TranslatedContent):
    """One of the six areas the statutory guidance groups an offer into."""

    slug = models.SlugField(
        _("web address name"),
        unique=True,
        editable=False,
        help_text=_("Fixed: printed booklets and QR codes point at it."),
    )
    title = models.CharField(_("title"), max_length=100)
    summary = models.CharField(
        _("summary"), max_length=200, help_text=_("One sentence shown on the home page.")
    )
    introduction = MarkdownField(
        _("introduction"), blank=True, help_text=_("Shown at the top of the area's page. Markdown.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    drafts = GenericRelation("Draft", verbose_name=_("drafts"))

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:area_detail", kwargs={"area": self.slug})

    def get_easy_read_url(self):
        return reverse("offers:easy_read_area", kwargs={"area": self.slug})

    @property
    def picture(self):
        """Its easy-read pictogram: the six areas each have one named after their slug."""
        return Picture(self.slug)

    def delete(self, *args, **kwargs):
        raise ProtectedError(_("The six areas are set by law and cannot be deleted."), {self})


class Contact(TranslatedContent):
    """A team or service young people can call, reused across services."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short name"),
        max_length=80,
        unique=True,
        help_text=_("Lower case words joined by hyphens; identifies the contact in exports."),
    )
    description = models.CharField(_("what they help with"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("For example: Monday to Friday, 9am to 5pm."),
    )
    out_of_hours_phone = models.CharField(
        _("out-of-hours phone"),
        max_length=40,
        blank=True,
        help_text=_("A number that answers in the evening, at night and at weekends."),
    )
    out_of_hours_note = models.CharField(
        _("when to use the out-of-hours number"), max_length=250, blank=True
    )
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.phone or self.email or self.website or self.address):
            raise ValidationError(_("Give at least one way to reach this contact."))


def a_year_after(day):
    """The same date a year on (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class LegalTopic(models.TextChoices):
    """What the Children's Wellbeing and Schools Act 2026 adds to what a local offer must
    cover, on top of the six areas."""

    FINANCIAL_SUPPORT = "financial-support", _("Financial support")
    FINANCIAL_LITERACY = "financial-literacy", _("Financial literacy: help to manage money")
    HOUSING_COOPERATION = "housing-cooperation", _("Co-operation with housing authorities")
    PREVENTING_HOMELESSNESS = "preventing-homelessness", _("Preventing homelessness")
    LEAVING_CUSTODY = "leaving-custody", _("Leaving custody")


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Service.Status.PUBLISHED)

    def visible(self, preview=False):
        """What a page shows: the published services, and in a staff preview the drafts
        too, as they will look once published."""
        if preview:
            return self.exclude(status=Service.Status.ARCHIVED)
        return self.published()

    def for_area(self, area):
        return self.filter(area=area)

    def statutory(self):
        return self.filter(kind=Service.Kind.STATUTORY)

    def discretionary(self):
        return self.filter(kind=Service.Kind.DISCRETIONARY)

    def review_overdue(self, today=None):
        return self.filter(review_due__lt=today or timezone.localdate())

    def review_due_soon(self, today=None, days=90):
        today = today or timezone.localdate()
        return self.filter(review_due__gte=today, review_due__lte=today + datetime.timedelta(days))


class Service(TranslatedContent):
    """Something the council provides: a right in law or extra support it chooses to give."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("Entitlement (a right in law)")
        DISCRETIONARY = "discretionary", _("Extra support from the council")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Period(models.TextChoices):
        ONE_OFF = "one_off", _("one payment")
        WEEK = "week", _("a week")
        MONTH = "month", _("a month")
        YEAR = "year", _("a year")

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="services", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("web address name"),
        max_length=80,
        help_text=_("Lower case words joined by hyphens. Do not change it once published."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published services are shown to the public."),
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(
        _("summary"), max_length=250, help_text=_("One plain sentence: what you get.")
    )
    body = MarkdownField(_("what it is"), help_text=_("Markdown."))
    how_to_get = MarkdownField(_("how to get it"), blank=True, help_text=_("Markdown."))
    amount = models.DecimalField(
        _("amount in pounds"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only where money is involved."),
    )
    amount_period = models.CharField(
        _("how often"), max_length=10, choices=Period.choices, blank=True
    )
    amount_is_maximum = models.BooleanField(
        _("amount is a maximum"), default=False, help_text=_('Shown as "up to".')
    )
    min_age = models.PositiveSmallIntegerField(
        _("from age"),
        default=YOUNGEST,
        validators=[MinValueValidator(YOUNGEST), MaxValueValidator(OLDEST)],
    )
    max_age = models.PositiveSmallIntegerField(
        _("up to age"),
        default=OLDEST,
        validators=[MinValueValidator(YOUNGEST), MaxValueValidator(OLDEST)],
        help_text=_("The last birthday at which a young person can still get it."),
    )
    statuses = ChoiceListField(
        _("care leaver statuses"),
        choice_class=CareLeaverStatus,
        help_text=_("Who can get it."),
    )
    conditions = ChoiceListField(
        _("other conditions"),
        choice_class=Condition,
        blank=True,
        help_text=_("Leave empty if there are none. A young person needs to meet any one."),
    )
    eligibility_note = models.CharField(_("who it is for, in words"), max_length=250, blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=250,
        blank=True,
        help_text=_("For entitlements: the law that gives this right."),
    )
    legal_url = models.URLField(_("link to the law"), blank=True)
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="services", verbose_name=_("contacts")
    )
    topics = ChoiceListField(
        _("topics the law asks the offer to cover"),
        choice_class=LegalTopic,
        blank=True,
        help_text=_("Tick each one this service covers; the review page shows any gaps."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    last_reviewed = models.DateField(_("last checked"), default=timezone.localdate)
    review_due = models.DateField(
        _("review due"),
        null=True,  # only until the first save fills it in
        blank=True,
        help_text=_("Leave empty for a year after it was last checked."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    drafts = GenericRelation("Draft", verbose_name=_("drafts"))

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["area__order", "kind", "order", "title"]
        # Editors write drafts; only publishers make content public or take it down.
        permissions = [("publish_service", _("Can publish and archive content"))]
        constraints = [
            models.UniqueConstraint(fields=["area", "slug"], name="service_slug_unique_in_area"),
            models.CheckConstraint(
                condition=models.Q(min_age__lte=models.F("max_age")),
                name="service_min_age_not_above_max_age",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The default review date follows "last checked"; a date staff chose stays.
        stored = Service.objects.filter(pk=self.pk).values("last_reviewed", "review_due").first()
        was_default = stored and stored["review_due"] == a_year_after(stored["last_reviewed"])
        if self.review_due is None or (was_default and self.review_due == stored["review_due"]):
            self.review_due = a_year_after(self.last_reviewed)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "offers:service_detail", kwargs={"area": self.area.slug, "service": self.slug}
        )

    def get_easy_read_url(self):
        return f"{self.area.get_easy_read_url()}#{self.slug}"

    def clean(self):
        errors = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("The upper age must not be below the lower age.")
        if self.amount is not None and not self.amount_period:
            errors["amount_period"] = _("Say how often the amount is paid.")
        if self.amount is None and self.amount_period:
            errors["amount"] = _("Give the amount, or clear how often.")
        if self.kind == self.Kind.STATUTORY and not self.legal_basis:
            errors["legal_basis"] = _("An entitlement needs the law that gives it.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_statutory(self):
        return self.kind == self.Kind.STATUTORY

    def amount_display(self):
        """The amount in words, such as "up to £1,200 a year"; empty when there is none."""
        if self.amount is None:
            return ""
        places = 0 if self.amount == self.amount.to_integral_value() else 2
        money = "£" + number_format(self.amount, decimal_pos=places, force_grouping=True)
        if self.amount_period == self.Period.ONE_OFF:
            text = _("%(money)s, paid once") % {"money": money}
        else:
            text = _("%(money)s %(period)s") % {
                "money": money,
                "period": self.get_amount_period_display(),
            }
        if self.amount_is_maximum:
            text = _("up to %(amount)s") % {"amount": text}
        return text

    def age_display(self):
        return _("Age %(min)s to %(max)s") % {"min": self.min_age, "max": self.max_age}

    def status_labels(self):
        return [CareLeaverStatus(value).label for value in self.statuses]

    def condition_labels(self):
        return [Condition(value).label for value in self.conditions]


class DocumentQuerySet(models.QuerySet):
    def in_language_first(self, language):
        """The reader's language first, then the rest, each in staff's order."""
        first = models.Case(models.When(language=language, then=0), default=1)
        return self.order_by(first, "order", "pk")


class Document(models.Model):
    """A file to download from a service's page: a leaflet, a form, a poster.

    Each file is in one language and its title is written in that language, so a
    translated leaflet is a second document rather than a translation.
    """

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="documents", verbose_name=_("service")
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        help_text=_("What it is, in the document's own language, e.g. “Staying Put leaflet”."),
    )
    language = models.CharField(
        _("language of the document"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    file = UploadField(
        _("file"),
        folder="documents",
        help_text=_("A PDF, or a picture (PNG, JPEG or WebP)."),
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)  # the file is stored, and so redrawn, first
        if self.file and self.size != self.file.size:
            self.size = self.file.size
            super().save(update_fields=["size"])

    def get_absolute_url(self):
        return reverse("upload", kwargs={"name": self.file.name})

    @property
    def kind_label(self):
        return "PDF" if self.content_type == "application/pdf" else _("picture")

    @property
    def content_type(self):
        return content_type(self.file.name)


class GlossaryTerm(TranslatedContent):
    """A word young people meet in letters and meetings, explained plainly."""

    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    term = models.CharField(_("term"), max_length=100)
    definition = MarkdownField(_("meaning"))
    easy_definition = models.CharField(
        _("easy-read meaning"),
        max_length=200,
        blank=True,
        help_text=_("One short sentence, shown where the word appears in easy read."),
    )

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("offers:glossary") + f"#{self.slug}"


class DraftQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Draft.Status.PENDING)

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def pending_for(self, obj):
        """The draft waiting for a publisher on `obj`, or None."""
        if obj.pk is None:
            return None
        return self.pending().of(obj).select_related("author").first()

    def apply_pending(self, objects):
        """Show `objects` as they will look once their pending drafts are published (in
        memory only, for a staff preview); one query whatever their number."""
        objects = [obj for obj in objects if obj is not None]
        if not objects:
            return
        wanted = models.Q(pk__in=[])
        for obj in objects:
            kind = ContentType.objects.get_for_model(obj)
            wanted |= models.Q(content_type=kind, object_id=obj.pk)
        found = {(d.content_type_id, d.object_id): d for d in self.pending().filter(wanted)}
        for obj in objects:
            draft = found.get((ContentType.objects.get_for_model(obj).pk, obj.pk))
            if draft:
                draft.apply_to(obj)


class Draft(models.Model):
    """A change to something the public can see (an area's text, a published service),
    waiting for a publisher. The public keeps seeing the published version until a
    publisher publishes the draft; staff can preview it. Drafts are never overwritten
    or deleted: a later draft replaces an earlier one, and each keeps its values."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a publisher")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")
        REPLACED = "replaced", _("Replaced by a later draft")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of content")
    )
    object_id = models.PositiveIntegerField(_("item"))
    item = GenericForeignKey("content_type", "object_id")
    values = models.JSONField(
        _("changed values"),
        encoder=DjangoJSONEncoder,
        help_text=_("Only the fields that differ from the published version."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created = models.DateTimeField(_("saved"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published or discarded by"),
    )
    decided_at = models.DateTimeField(_("published or discarded"), null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft change")
        verbose_name_plural = _("draft changes")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="pending"),
                name="one_pending_draft_per_item",
            )
        ]

    def __str__(self):
        return str(_("Draft of “%(item)s”") % {"item": self.item})

    @classmethod
    def propose(cls, obj, values, author):
        """Save `values` (field name to value) as the draft of `obj`, replacing the
        pending one; with no values left (all back as published), just close it."""
        cls.objects.pending().of(obj).update(status=cls.Status.REPLACED)
        if not values:
            return None
        return cls.objects.create(item=obj, values=values, author=author)

    def decide(self, status, user):
        self.status, self.decided_by, self.decided_at = status, user, timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])

    def model_values(self):
        """The draft's values for the item's own fields, as Python values; many-to-many
        fields as lists of primary keys. Other values (a suggested public summary) are
        left out."""
        model = self.content_type.model_class()
        result = {}
        for name, value in self.values.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            result[name] = value if field.many_to_many else field.to_python(value)
        return result

    def apply_to(self, obj):
        """Put the draft's values on `obj` in memory (never saved from here)."""
        obj.pending_draft = self
        obj.draft_related = {}
        for name, value in self.model_values().items():
            field = obj._meta.get_field(name)
            if field.many_to_many:
                obj.draft_related[name] = field.related_model.objects.filter(pk__in=value)
            else:
                setattr(obj, field.attname, value)
        return obj


class PublicChangeQuerySet(models.QuerySet):
    def recent(self, today=None, days=365):
        since = (today or timezone.localdate()) - datetime.timedelta(days=days)
        return self.filter(created__date__gte=since)


class PublicChange(TranslatedContent):
    """Something the public can see that changed: a service published, changed or taken
    down, or an area's text changed; recorded as a publisher saves, with their one line
    for young people, and kept with that save's revision in the history. The title is
    kept in every language it had; the line is translated like any other text."""

    class Kind(models.TextChoices):
        NEW = "new", _("New")
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("No longer offered")

    revision = models.OneToOneField(
        "reversion.Revision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="public_change",
        verbose_name=_("revision"),
    )
    created = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    service = models.ForeignKey(
        "Service", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("service")
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("area")
    )
    title = models.CharField(_("title when it changed"), max_length=200)
    summary = models.CharField(_("what changed, for young people"), max_length=200, blank=True)

    objects = PublicChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class Feedback(models.Model):
    """What a reader told us: whether a page helped, or what is missing from the offer.
    Anonymous; staff read it, hide spam and export it."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Was this page helpful?")
        MISSING = "missing", _("What is missing from the offer")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        HIDDEN = "hidden", _("Hidden (spam or personal details)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    page = models.CharField(_("page"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10)
    helpful = models.BooleanField(_("helpful"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.page}".strip()


class OfferSettings(TranslatedContent):
    """Site-wide facts about the offer. There is only ever one row."""

    council_name = models.CharField(_("council name"), max_length=120, default="")
    logo = UploadField(
        _("logo"),
        kinds=(IMAGE,),
        folder="logo",
        longest_side=400,
        blank=True,
        help_text=_("PNG, JPEG or WebP. Shown beside the council's name at the top of pages."),
    )
    introduction = MarkdownField(
        _("introduction"), blank=True, help_text=_("Shown on the home page. Markdown.")
    )
    main_contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("main contact"),
    )
    emergency_contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("emergency contact"),
        help_text=_("Shown on every page: who to call out of hours."),
    )
    published_on = models.DateField(_("date published"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    accessibility_statement = MarkdownField(
        _("accessibility statement"), blank=True, help_text=_("Markdown.")
    )
    is_example = models.BooleanField(
        _("content is an example"),
        default=False,
        help_text=_("Shows a notice on every page that this is example content."),
    )

    class Meta:
        verbose_name = _("offer settings")
        verbose_name_plural = _("offer settings")

    def __str__(self):
        return str(_("Offer settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ProtectedError(_("The offer settings cannot be deleted."), {self})

    @classmethod
    def load(cls):
        """The one row, with its contacts, in one query; created empty on first use."""
        found = cls.objects.select_related("main_contact", "emergency_contact").filter(pk=1)
        for row in found:
            return row
        row, _created = cls.objects.get_or_create(pk=1)
        return row


class ContentVersion(models.Model):
    """A counter that goes up whenever any published content changes.

    Cached pages (and, later, booklets) are stored under the current number, so a change
    makes every cached copy unreachable at once, in every process and on every server
    that shares the database.
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls):
        row = cls.objects.filter(pk=1).values_list("number", flat=True).first()
        return row or 0

    @classmethod
    def stamp(cls):
        """The current number and when it last changed (None before the first change)."""
        row = cls.objects.filter(pk=1).values_list("number", "changed_at").first()
        return row or (0, None)

    @classmethod
    def bump(cls):
        updated = cls.objects.filter(pk=1).update(
            number=models.F("number") + 1, changed_at=timezone.now()
        )
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 1})


class Picture(models.TextChoices):
    """The pictograms in static/pictograms/, each with its text alternative."""

    HEALTH_AND_WELLBEING = "health-and-wellbeing", _("A heart with a cross: health")
    RELATIONSHIPS = "relationships", _("Two people side by side")
    EDUCATION_AND_TRAINING = "education-and-training", _("An open book")
    EMPLOYMENT = "employment", _("A briefcase: work")
    ACCOMMODATION = "accommodation", _("A house")
    PARTICIPATION_IN_SOCIETY = "participation-in-society", _("A group of people")
    MONEY = "money", _("Money: a banknote and coins")
    PHONE = "phone", _("A mobile phone")
    HOME = "home", _("A front door and a key")
    DOCTOR = "doctor", _("A doctor's stethoscope")
    DENTIST = "dentist", _("A tooth: the dentist")
    EYES = "eyes", _("Glasses: eye tests")
    MEDICINE = "medicine", _("Medicine")
    COLLEGE = "college", _("A graduation cap: college or university")
    JOB = "job", _("A job")
    FRIENDS = "friends", _("Two friends and a heart")
    ADVISER = "adviser", _("Your personal adviser, talking with you")
    HELP_AT_NIGHT = "help-at-night", _("The moon and a phone: help at night")
    FORM = "form", _("A form to fill in")
    BIRTHDAY = "birthday", _("A birthday cake")
    TRAVEL = "travel", _("A bus: travel")
    CALENDAR = "calendar", _("A calendar: a date")
    QUESTION = "question", _("A question mark: ask")
    PLAN = "plan", _("A checklist: your plan")
    FAMILY = "family", _("An adult and a young person at home")
    BABY = "baby", _("A baby in a pram")
    SAFE = "safe", _("A shield: keeping safe")
    FOOD = "food", _("A plate, knife and fork: food")
    COMPUTER = "computer", _("A laptop computer")
    ID_CARD = "id-card", _("An ID card")
    VOTE = "vote", _("A ballot box: voting")
    SPORT = "sport", _("A football: sport and fun")
    TALK = "talk", _("Speech bubbles: talking")
    LAW = "law", _("Scales: the law and your rights")
    WARNING = "warning", _("A warning sign")
    LOCK = "lock", _("A padlock: private")

    @property
    def static_path(self):
        return f"pictograms/{self.value}.svg"


class EasyReadSentence(TranslatedContent):
    """One idea in plain words with a picture, for the easy-read version of the offer.

    A sentence belongs to the introduction, an area or a service.
    """

    offer = models.ForeignKey(
        OfferSettings,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="easy_read",
        verbose_name=_("introduction"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="easy_read",
        verbose_name=_("area"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="easy_read",
        verbose_name=_("service"),
    )
    text = models.CharField(
        _("sentence"),
        max_length=200,
        help_text=_("One idea, 15 words or fewer, everyday words, numbers as digits."),
    )
    picture = models.CharField(_("picture"), max_length=40, choices=Picture.choices)
    picture_is_decorative = models.BooleanField(
        _("the sentence says everything the picture shows"),
        default=False,
        help_text=_("Then screen readers skip the picture."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("easy-read sentence")
        verbose_name_plural = _("easy-read sentences")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(offer__isnull=False, area__isnull=True, service__isnull=True)
                    | models.Q(offer__isnull=True, area__isnull=False, service__isnull=True)
                    | models.Q(offer__isnull=True, area__isnull=True, service__isnull=False)
                ),
                name="easy_read_has_one_owner",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def owner(self):
        return self.offer or self.area or self.service

    @property
    def picture_choice(self):
        return Picture(self.picture)
