"""Staff editing. Every translatable text shows one box per language (modeltranslation)."""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin
from reversion.models import Version

from offers import changes
from offers.draft_admin import DraftAdmin, DraftChanges
from offers.easy_read_check import check_sentence
from offers.edit_conflicts import ConflictCheckedForm
from offers.feedback import as_csv
from offers.history import changes_between, ensure_baseline, previous_version, register_content
from offers.models import (
    Area,
    Contact,
    Document,
    Draft,
    EasyReadSentence,
    Feedback,
    GlossaryTerm,
    OfferSettings,
    PublicChange,
    Service,
)
from offers.roles import can_publish

# Before the admin classes below, which would otherwise register them with other follows.
register_content()

admin.site.site_header = _("Local offer: staff area")
admin.site.site_title = _("Local offer staff")
admin.site.index_title = _("Edit the offer")


class OfferAdmin(VersionAdmin, TranslationAdmin):
    """Shared by every content admin: English first, each other language folded away;
    every save kept (django-reversion), with what changed in words; and a save refused
    when somebody else saved since the page was opened (see edit_conflicts).

    modeltranslation puts a box per language under every field, which makes a service
    six screens long. Staff write English in the main form; each other language gets
    one fieldset of its own, closed until opened (a <details>, so no JavaScript).
    """

    form = ConflictCheckedForm
    change_form_template = "admin/offers/change_form.html"
    revision_form_template = "admin/offers/revision_form.html"
    recover_form_template = "admin/offers/recover_form.html"
    object_history_template = "admin/offers/object_history.html"
    # Staff often paste "www.example.org": assume https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None and self.has_change_permission(request, obj):
                ensure_baseline(obj, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name=f"{self._url_prefix()}_changes",
            ),
            *super().get_urls(),
        ]

    def _url_prefix(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    def changes_view(self, request, object_id, version_id):
        """What one saved version changed, compared with the version before it."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return redirect(reverse("admin:index"))
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        earlier = previous_version(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "version": version,
            "earlier": earlier,
            "changes": changes_between(earlier, version),
            "title": _("What changed"),
        }
        return render(request, "admin/offers/version_changes.html", context)

    def history_view(self, request, object_id, extra_context=None):
        """Every saved version: who, when, what changed, and a way to restore it."""
        obj = self.get_object(request, object_id)
        if obj is not None:
            prefix = f"admin:{self._url_prefix()}"
            versions = [
                {
                    "version": version,
                    "restore_url": reverse(f"{prefix}_revision", args=[obj.pk, version.pk]),
                    "changes_url": reverse(f"{prefix}_changes", args=[obj.pk, version.pk]),
                }
                for version in Version.objects.get_for_object(obj).select_related("revision__user")
            ]
            extra_context = {**(extra_context or {}), "versions": versions}
        return super().history_view(request, object_id, extra_context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # set by modeltranslation
        if formfield is not None and language:
            # Staff type Arabic, Farsi, Pashto and Sorani right to left.
            formfield.widget.attrs["lang"] = language
            formfield.widget.attrs["dir"] = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        return formfield

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        other = {
            build_localized_fieldname(field, code): code
            for field in translator.get_options_for_model(self.model).fields
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        }
        main, by_language = [], {code: [] for code, _name in settings.LANGUAGES}
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in other]
            for field in options["fields"]:
                if field in other:
                    by_language[other[field]].append(field)
            if fields:
                main.append((name, {**options, "fields": fields}))
        names = dict(settings.LANGUAGES)
        for code, fields in by_language.items():
            if fields:
                title = f"{names[code]} ({get_language_info(code)['name_local']})"
                main.append((title, {"fields": fields, "classes": ["collapse"]}))
        return main


def may_edit(user, obj):
    """Who may change `obj` as it stands (live): publishers anything they have the
    permission for; editors only services not yet public. (Editors' changes to what is
    public wait as drafts: see DraftChanges.)"""
    if obj is None or can_publish(user):
        return True
    if isinstance(obj, EasyReadSentence):
        obj = obj.service
    return isinstance(obj, Service) and obj.status == Service.Status.DRAFT


class PartOfItsParent:
    """An inline's rows belong to their area, service or settings: whoever may edit that
    may edit them (an editor only on a draft service)."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and may_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request.user, obj)


class DocumentInline(PartOfItsParent, admin.TabularInline):
    """Files to download from the service's page, each checked by type and size."""

    model = Document
    fields = ("order", "title", "language", "file")
    extra = 0
    verbose_name_plural = _("documents to download (PDF or pictures)")


class EasyReadInline(PartOfItsParent, admin.TabularInline):
    """Easy-read sentences next to the full text; each checked against the easy-read rules.
    Translations of a sentence are edited on its own page (the pencil link) or in a file."""

    model = EasyReadSentence
    fields = ("order", "text_en", "picture", "picture_is_decorative", "advice")
    readonly_fields = ("advice",)
    extra = 1
    show_change_link = True
    verbose_name_plural = _("easy read: one idea a sentence, each with a picture")

    @admin.display(description=_("advice"))
    def advice(self, sentence):
        if not sentence.pk:
            return "-"
        # One glossary query per page, not one per sentence (an inline lives one request).
        if not hasattr(self, "_terms"):
            self._terms = list(GlossaryTerm.objects.all())
        problems = check_sentence(sentence.text_en or "", self._terms)
        names = dict(settings.LANGUAGES)
        missing = [str(names[code]) for code in sentence.untranslated_languages("text")]
        if missing:
            problems.append(
                _("Not translated into: %(languages)s.") % {"languages": ", ".join(missing)}
            )
        return "; ".join(problems) or _("Follows the easy-read rules.")


class EasyReadWarnings:
    """After a save, tell staff which easy-read sentences break the rules."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        terms = list(GlossaryTerm.objects.all())
        for sentence in form.instance.easy_read.all():
            for problem in check_sentence(sentence.text_en or "", terms):
                messages.warning(
                    request,
                    _("Easy read: “%(sentence)s”: %(problem)s")
                    % {"sentence": sentence.text_en, "problem": problem},
                )


class ServiceInline(admin.TabularInline):
    """The area's services in order; staff change the order here and open one to edit it."""

    model = Service
    fields = ("title", "kind", "status", "order")
    readonly_fields = ("title", "kind", "status")
    show_change_link = True
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("kind", "order", "title")

    def has_change_permission(self, request, obj=None):
        # The order of public services is live, not a draft: a publisher's to change.
        return super().has_change_permission(request, obj) and can_publish(request.user)


class PublicChanges:
    """Publishers' saves of public content are noted for the "What changed" page."""

    form = changes.PublicChangeForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Editors suggest the line in their draft of a public item; a publisher writes it.
        if not (can_publish(request.user) or (obj is not None and changes.is_public(obj))):
            return fieldsets
        return [*fieldsets, (_("For the “What changed” page"), {"fields": ["public_summary"]})]

    def save_model(self, request, obj, form, change):
        before = changes.was_public(obj)
        super().save_model(request, obj, form, change)
        changes.record(obj, before, form.cleaned_data.get("public_summary", ""))

    def delete_model(self, request, obj):
        before = changes.was_public(obj)
        changes.record(obj, before, deleted=True)
        super().delete_model(request, obj)


@admin.register(Area)
class AreaAdmin(DraftChanges, PublicChanges, EasyReadWarnings, OfferAdmin):
    list_display = ("title", "slug", "order")
    list_editable = ("order",)
    readonly_fields = ("slug",)
    fieldsets = [
        (None, {"fields": ("slug", "title", "summary", "introduction", "order")}),
    ]
    inlines = [EasyReadInline, ServiceInline]

    # The six areas come from the law: staff edit their words, never add or remove one.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due in the next 3 months")),
            ("ok", _("Up to date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "soon":
            return queryset.review_due_soon(today)
        if self.value() == "ok":
            return queryset.filter(review_due__gt=today + datetime.timedelta(days=90))
        return queryset


@admin.register(Service)
class ServiceAdmin(DraftChanges, PublicChanges, EasyReadWarnings, OfferAdmin):
    list_display = ("title", "area", "kind", "status", "amount_display", "review_due", "order")
    list_display_links = ("title",)
    list_editable = ("order",)
    list_filter = ("area", "kind", "status", ReviewFilter, "last_reviewed")
    list_select_related = ("area",)
    search_fields = ("title", "summary", "body", "how_to_get", "slug")
    date_hierarchy = "last_reviewed"
    autocomplete_fields = ("contacts",)
    save_on_top = True
    inlines = [DocumentInline, EasyReadInline]
    fieldsets = [
        (None, {"fields": ("area", "kind", "status", "title", "slug", "summary", "order")}),
        (_("What it is and how to get it"), {"fields": ("body", "how_to_get")}),
        (_("Money"), {"fields": ("amount", "amount_period", "amount_is_maximum")}),
        (
            _("Who can get it"),
            {"fields": ("min_age", "max_age", "statuses", "conditions", "eligibility_note")},
        ),
        (_("The law"), {"fields": ("legal_basis", "legal_url")}),
        (_("What the law asks the offer to cover"), {"fields": ("topics",)}),
        (_("Contacts and review"), {"fields": ("contacts", "last_reviewed", "review_due")}),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        # Once a service is public its address is printed in booklets: leave it alone.
        return {} if obj else {"slug": ("title_en",)}

    # Editors write drafts: a new service, or a draft change to a published one. An
    # archived service is a publisher's to bring back.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            may_edit(request.user, obj) or obj.status == Service.Status.PUBLISHED
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not may_edit(request.user, obj):
            return (*readonly, "status")  # publishing or archiving is a publisher's call
        return readonly

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request.user, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [(Service.Status.DRAFT, Service.Status.DRAFT.label)]
            kwargs["help_text"] = _("A publisher makes it public when it is ready.")
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not can_publish(request.user):
            changelist.list_editable = ()  # the order of public services is not a draft
        return changelist

    def recover_view(self, request, version_id, extra_context=None):
        # A recovered service comes back as it was, perhaps public: a publisher's call.
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    @admin.display(description=_("amount"))
    def amount_display(self, service):
        return service.amount_display()


@admin.register(Contact)
class ContactAdmin(OfferAdmin):
    list_display = ("name", "phone", "out_of_hours_phone", "email", "order")
    list_editable = ("order",)
    search_fields = ("name", "description", "phone", "email")
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (None, {"fields": ("name", "slug", "description", "order")}),
        (_("Office hours"), {"fields": ("phone", "opening_hours", "email", "website")}),
        (_("Out of hours"), {"fields": ("out_of_hours_phone", "out_of_hours_note")}),
        (_("Address"), {"fields": ("address",)}),
    ]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(OfferAdmin):
    list_display = ("term", "slug")
    search_fields = ("term", "definition")
    fields = ("term", "slug", "definition", "easy_definition")
    prepopulated_fields = {"slug": ("term_en",)}


@admin.register(EasyReadSentence)
class EasyReadSentenceAdmin(OfferAdmin):
    list_display = ("text", "picture", "offer", "area", "service", "order")
    list_filter = ("picture", "area", "service__area")
    list_select_related = ("offer", "area", "service")
    search_fields = ("text",)
    fieldsets = [(None, {"fields": ("text", "picture", "picture_is_decorative", "order")})]

    # Sentences are added beside their area or service, never on their own.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request.user, obj)


@admin.register(OfferSettings)
class OfferSettingsAdmin(EasyReadWarnings, OfferAdmin):
    fieldsets = [
        (None, {"fields": ("council_name", "logo", "introduction", "is_example")}),
        (_("Contacts"), {"fields": ("main_contact", "emergency_contact")}),
        (_("Dates"), {"fields": ("published_on", "next_review_due")}),
        (_("Accessibility"), {"fields": ("accessibility_statement",)}),
    ]
    autocomplete_fields = ("main_contact", "emergency_contact")
    inlines = [EasyReadInline]

    # One row only: the list page goes straight to it.
    def changelist_view(self, request, extra_context=None):
        settings = OfferSettings.load()
        return redirect(reverse("admin:offers_offersettings_change", args=[settings.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """What readers said: read it, hide spam or personal details, export it."""

    list_display = ("created", "kind", "page", "language", "helpful", "short_comment", "status")
    list_filter = ("kind", "status", "helpful", "language")
    search_fields = ("comment", "page")
    date_hierarchy = "created"
    readonly_fields = ("created", "kind", "page", "language", "helpful", "comment")
    fields = ("created", "kind", "page", "language", "helpful", "comment", "status")
    actions = ["mark_read", "hide", "export_csv"]

    def has_add_permission(self, request):
        return False  # feedback comes from readers only

    @admin.display(description=_("comment"))
    def short_comment(self, item):
        return item.comment[:80] + ("…" if len(item.comment) > 80 else "")

    @admin.action(description=_("Mark as read"), permissions=["change"])
    def mark_read(self, request, queryset):
        queryset.update(status=Feedback.Status.READ)

    @admin.action(description=_("Hide (spam or personal details)"), permissions=["change"])
    def hide(self, request, queryset):
        queryset.update(status=Feedback.Status.HIDDEN)

    @admin.action(description=_("Download as a spreadsheet (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return as_csv(queryset)


admin.site.register(Draft, DraftAdmin)


@admin.register(PublicChange)
class PublicChangeAdmin(OfferAdmin):
    """The lines on the "What changed" page: publishers correct them and translate them
    here (or in a translation file)."""

    list_display = ("created", "kind", "title", "summary")
    list_filter = ("kind",)
    date_hierarchy = "created"
    fields = ("created", "kind", "title", "summary")
    readonly_fields = ("created", "kind")

    def has_add_permission(self, request):
        return False  # recorded as publishers publish
