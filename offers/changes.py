"""What changed for the public, recorded as publishers save and shown on /<lang>/changes/."""

import reversion
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from offers.edit_conflicts import ConflictCheckedForm
from offers.models import SOURCE_LANGUAGE, Area, PublicChange, Service

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def is_public(obj):
    """Whether `obj`, as it stands, is something the public sees."""
    return isinstance(obj, Area) or (
        isinstance(obj, Service) and obj.status == Service.Status.PUBLISHED
    )


def was_public(obj):
    """Whether the stored copy of `obj` (before this save) is public."""
    if obj.pk is None:
        return False
    if isinstance(obj, Area):
        return True
    return Service.objects.filter(pk=obj.pk, status=Service.Status.PUBLISHED).exists()


def record(obj, before_public, summary="", deleted=False):
    """Note a public change of a service or an area, if there was one."""
    now_public = not deleted and (isinstance(obj, Area) or obj.status == Service.Status.PUBLISHED)
    if now_public and not before_public:
        kind = PublicChange.Kind.NEW
    elif now_public:
        kind = PublicChange.Kind.CHANGED
    elif before_public:
        kind = PublicChange.Kind.REMOVED
    else:
        return  # drafts, before and after
    values = {
        "kind": kind,
        "service": obj if isinstance(obj, Service) and not deleted else None,
        "area": obj if isinstance(obj, Area) else obj.area,
        # The title in every language it has now, for when the item is gone.
        **{PublicChange.column("title", code): obj.text_in("title", code) for code in LANGUAGES},
        PublicChange.column("summary", SOURCE_LANGUAGE): summary.strip(),
    }
    if reversion.is_active():
        reversion.add_meta(PublicChange, **values)  # saved with, and linked to, the revision
    else:
        PublicChange.objects.create(**values)


class PublicChangeForm(ConflictCheckedForm):
    """For content the public sees: a publisher may say in one line what changed."""

    public_summary = forms.CharField(
        label=gettext_lazy("What changed, for young people"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "One plain line for the “What changed” page when you publish or change this. "
            "Leave empty to say only that it changed."
        ),
    )
