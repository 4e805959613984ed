"""Readers' feedback: "Was this page helpful?" on every page and "tell us what is
missing". Anonymous, no JavaScript, and hard to spam without third-party scripts: a
limit per address (see rate_limits), size limits and a honeypot field people never see.
"""

import csv

from django import forms
from django.http import HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from offers.models import Feedback

MAX_COMMENT = 2000


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(choices=Feedback.Kind.choices, widget=forms.HiddenInput)
    page = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], required=False)
    comment = forms.CharField(
        label=_("Your comment (optional)"),
        max_length=MAX_COMMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # People never see this box; programs that fill in every box do.
    website = forms.CharField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Feedback.Kind.MISSING and not cleaned.get("comment"):
            self.add_error("comment", _("Tell us what is missing."))
        if cleaned.get("kind") == Feedback.Kind.PAGE and not cleaned.get("helpful"):
            self.add_error("helpful", _("Choose yes or no."))
        return cleaned

    def save(self, language):
        """Store it, unless the honeypot was filled in (then drop it without a word)."""
        data = self.cleaned_data
        if data["website"]:
            return None
        return Feedback.objects.create(
            kind=data["kind"],
            page=data["page"],
            language=language,
            helpful={"yes": True, "no": False}.get(data["helpful"]),
            comment=data["comment"],
        )

    def back_to(self, fallback):
        """Where to send the reader afterwards: the page they were on, on this site only."""
        page = self.cleaned_data.get("page") or ""
        if page.startswith("/") and url_has_allowed_host_and_scheme(page, allowed_hosts=None):
            return page
        return fallback


def as_csv(feedback):
    """Feedback as a CSV download; cells that a spreadsheet would run as a formula are
    quoted, since the comments are typed by anyone."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="feedback.csv"'
    writer = csv.writer(response)
    writer.writerow(["received", "kind", "page", "language", "helpful", "comment", "status"])
    for item in feedback:
        helpful = "" if item.helpful is None else ("yes" if item.helpful else "no")
        row = [item.created.isoformat(), item.kind, item.page, item.language, helpful]
        writer.writerow([_safe(str(cell)) for cell in [*row, item.comment, item.status]])
    return response


def _safe(cell):
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell
