"""Two people editing the same thing: the second save is refused, never lost.

The form carries the newest saved version the editor had when the page opened. If a
newer one exists when they save, somebody else saved in between: the save is refused,
the page shows what that person changed, and the editor's own text stays in the form to
merge. Their next save goes through, as they have now seen the other changes.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from offers.history import changes_between, latest_version_id, versions_of


class ConflictCheckedForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["seen_version"].initial = latest_version_id(self.instance)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        seen = cleaned.get("seen_version") or 0
        newer = list(versions_of(self.instance).filter(pk__gt=seen))
        if not newer:
            return cleaned
        latest = newer[0]
        base = versions_of(self.instance).filter(pk=seen).first()
        revision = latest.revision
        self.conflict = {
            "user": revision.user.get_username() if revision.user else _("someone"),
            "when": date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT"),
            "changes": changes_between(base, latest),
        }
        # The editor has now seen the other changes: their next save may go through.
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = latest.pk
        raise ValidationError(
            _(
                "%(user)s saved this at %(when)s, after you opened it. Nothing was saved "
                "from this page. Their changes are shown above; your text is still in the "
                "form. Merge the two, then save again."
            )
            % {"user": self.conflict["user"], "when": self.conflict["when"]},
            code="edit_conflict",
        )
