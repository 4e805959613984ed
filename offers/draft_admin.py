"""Changes to public content that wait for a publisher (see Draft).

An editor's save of an area or a published service, or a publisher's "Save as draft",
keeps the changed fields as a Draft: the public page stays as it is. The change form
then opens with the draft in it, under a notice saying what it changes; a publisher
publishes it by saving, or discards it. Staff preview it on the site with ?preview=1.
"""

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from offers.admin_site import admin_url
from offers.changes import is_public, was_public
from offers.history import Change, compare, same, stored_values, with_draft
from offers.models import Draft
from offers.roles import can_publish

SAVE_AS_DRAFT = "_save_draft"


def draft_values(form):
    """What the valid form changes compared with the saved item, to keep as a draft."""
    obj = form.instance  # holds the form's values by now, unsaved
    saved = stored_values(type(obj)._default_manager.get(pk=obj.pk))
    values = {}
    for name in form.fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            if name != "seen_version" and form.cleaned_data.get(name):
                values[name] = form.cleaned_data[name]  # such as the suggested public line
            continue
        if field.many_to_many:
            value = sorted(item.pk for item in form.cleaned_data[name])
        else:
            value = field.value_from_object(obj)
        if not same(saved.get(name), value):
            values[name] = value
    return values


def draft_changes(obj, draft):
    """What publishing `draft` would change on `obj`, field by field, in words."""
    found = compare(type(obj), stored_values(obj), with_draft(obj, draft))
    summary = draft.values.get("public_summary")
    if summary:
        found.append(Change(_("Suggested line for “What changed”"), "", summary))
    return found


def keep_inlines_unchanged(formset_class):
    """A draft holds the item's own fields only: refuse a draft that also changes its
    easy-read sentences or the order of its services, rather than drop those changes."""

    class UnchangedInline(formset_class):
        def clean(self):
            super().clean()
            if self.has_changed():
                raise ValidationError(
                    _(
                        "A draft keeps changes to the fields above only. Undo the "
                        "changes here and save the draft again, or publish all of it now."
                    )
                )

    return UnchangedInline


class DraftChanges:
    """For AreaAdmin and ServiceAdmin; comes before PublicChanges, as a draft is not a
    public change."""

    def drafting(self, request, obj):
        """Whether this save of `obj` is kept as a draft (worked out once a request)."""
        if not hasattr(request, "drafting"):
            request.drafting = (
                request.method == "POST"
                and obj is not None
                and was_public(obj)
                and (SAVE_AS_DRAFT in request.POST or not can_publish(request.user))
            )
        return request.drafting

    def get_urls(self):
        return [
            path(
                "<path:object_id>/draft/discard/",
                self.admin_site.admin_view(self.discard_view),
                name=f"{self._url_prefix()}_discard_draft",
            ),
            *super().get_urls(),
        ]

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if self.drafting(request, obj):
                formset = keep_inlines_unchanged(formset)
            yield formset, inline

    def save_model(self, request, obj, form, change):
        if self.drafting(request, obj):
            request.draft = Draft.propose(obj, draft_values(form), request.user)
            return
        super().save_model(request, obj, form, change)
        # What a publisher saves is the draft the form opened with: it is now public.
        draft = Draft.objects.pending_for(obj)
        if draft:
            draft.decide(Draft.Status.PUBLISHED, request.user)

    def save_related(self, request, form, formsets, change):
        if not self.drafting(request, form.instance):
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if self.drafting(request, form.instance):
            return ""  # nothing was saved; log_change says what was
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if self.drafting(request, obj):
            message = _("Saved a draft for a publisher.")
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not self.drafting(request, obj):
            return super().response_change(request, obj)
        if request.draft:
            self.message_user(
                request,
                _(
                    "Saved as a draft. The public still sees the published version until "
                    "a publisher publishes the draft."
                ),
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("Nothing differs from the published version: there is no draft.")
            )
        return redirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        draft = getattr(form, "draft", None)
        public = obj is not None and is_public(obj)
        context.update(
            draft=draft,
            draft_changes=draft_changes(obj, draft) if draft else [],
            may_discard=draft is not None and self.may_discard(request, draft),
            discard_url=admin_url(obj, "discard_draft") if draft else "",
            preview_url=f"{obj.get_absolute_url()}?preview=1" if obj else "",
            saves_drafts=public and not can_publish(request.user),
            may_save_draft=public and can_publish(request.user),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj):
        # Drafts have no public page yet: staff see them as a preview.
        url = obj.get_absolute_url()
        if is_public(obj) and not Draft.objects.pending_for(obj):
            return url
        return f"{url}?preview=1"

    @staticmethod
    def may_discard(request, draft):
        return can_publish(request.user) or draft.author_id == request.user.pk

    def discard_view(self, request, object_id):
        return require_POST(self._discard)(request, object_id)

    def _discard(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        draft = Draft.objects.pending_for(obj)
        if draft is None:
            self.message_user(request, _("There is no draft to discard."), messages.WARNING)
        elif not self.may_discard(request, draft):
            raise PermissionDenied
        else:
            draft.decide(Draft.Status.DISCARDED, request.user)
            self.message_user(
                request,
                _("The draft is discarded. It is kept in the list of draft changes."),
                messages.SUCCESS,
            )
        return redirect(admin_url(obj))


class DraftAdmin(admin.ModelAdmin):
    """Every draft, waiting or decided: nothing staff typed is lost."""

    list_display = ("__str__", "content_type", "status", "author", "created", "decided_by")
    list_filter = ("status", "content_type")
    list_select_related = ("author", "decided_by", "content_type")
    date_hierarchy = "created"
    fields = ("item_link", "status", "author", "created", "decided_by", "decided_at", "changes")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("item"))
    def item_link(self, draft):
        item = draft.item
        if item is None:
            return "-"
        return format_html('<a href="{}">{}</a>', admin_url(item), item)

    @admin.display(description=gettext_lazy("what it changes"))
    def changes(self, draft):
        item = draft.item
        if item is None:
            return "-"
        found = draft_changes(item, draft)
        return render_to_string("admin/offers/includes/changes_table.html", {"changes": found})
