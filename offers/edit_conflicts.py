"""Two people editing the same thing: the second save is refused, never lost.

The form carries what the editor saw when the page opened: the newest saved version,
and the draft waiting for a publisher, if any. If either has moved on when they save
(somebody saved, drafted, published or discarded in between), the save is refused, the
page shows what changed, and the editor's own text stays in the form to merge. Their
next save goes through, as they have now seen the other changes.

A form for something with a draft opens with the draft's values: staff carry on from
the draft, and what a publisher saves is what the draft proposed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from offers.history import changes_between, compare, latest_version_id, versions_of, with_draft
from offers.models import Draft


def seen(version_id, draft):
    return f"{version_id}:{draft.pk if draft else 0}"


def parse_seen(value):
    """The version and draft a form was opened with; 0 for anything unreadable."""
    version, _sep, draft = (value or "").partition(":")
    return (int(version) if version.isdigit() else 0, int(draft) if draft.isdigit() else 0)


class ConflictCheckedForm(forms.ModelForm):
    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.draft = None
        if self.instance.pk:
            self.draft = Draft.objects.pending_for(self.instance)
            self.fields["seen_version"].initial = seen(latest_version_id(self.instance), self.draft)
            if self.draft and not self.is_bound:
                self.initial.update(
                    {
                        name: value
                        for name, value in self.draft.values.items()
                        if name in self.fields
                    }
                )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        version_id, draft_id = parse_seen(cleaned.get("seen_version"))
        newer = list(versions_of(self.instance).filter(pk__gt=version_id))
        if newer:
            latest = newer[0]
            base = versions_of(self.instance).filter(pk=version_id).first()
            self.conflict = {
                "user": latest.revision.user,
                "when": latest.revision.date_created,
                "changes": changes_between(base, latest),
            }
        elif draft_id != (self.draft.pk if self.draft else 0):
            self.conflict = self._draft_conflict(Draft.objects.filter(pk=draft_id).first())
        if self.conflict is None:
            return cleaned
        user, when = self.conflict["user"], self.conflict["when"]
        self.conflict["user"] = user.get_username() if user else _("someone")
        self.conflict["when"] = date_format(timezone.localtime(when), "DATETIME_FORMAT")
        # The editor has now seen the other changes: their next save may go through.
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = seen(
            latest_version_id(self.instance), self.draft
        )
        raise ValidationError(
            _(
                "%(user)s saved this at %(when)s, after you opened it. Nothing was saved "
                "from this page. Their changes are shown above; your text is still in the "
                "form. Merge the two, then save again."
            )
            % {"user": self.conflict["user"], "when": self.conflict["when"]},
            code="edit_conflict",
        )

    def _draft_conflict(self, earlier):
        """Somebody drafted, or discarded the draft the editor saw."""
        model = type(self.instance)
        before, after = with_draft(self.instance, earlier), with_draft(self.instance, self.draft)
        if self.draft:
            user, when = self.draft.author, self.draft.created
        else:
            user, when = earlier.decided_by, earlier.decided_at or earlier.created
        return {"user": user, "when": when, "changes": compare(model, before, after)}
