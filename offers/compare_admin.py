"""The staff page that compares our published offer with other councils' open data
(``/admin/compare/``): upload their offer.json files, read the report."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from offers.compare import MAX_BYTES, CompareError, compare_with_ours, load_offer

PERMISSION = "offers.view_service"
MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple) and data:
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(None if isinstance(data, list | tuple) else data, initial)]


class CompareForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Other councils' open data (offer.json)"),
        help_text=gettext_lazy(
            "One or more files, up to 5 MB each, from the address /api/v1/offer.json of "
            "a site like this one."
        ),
        widget=MultipleFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                _("Upload at most %(count)d files at once.") % {"count": MAX_FILES}
            )
        loaded, problems = [], []
        for upload in uploads:
            if upload.size > MAX_BYTES:
                problems.append(
                    _("%(source)s: the file is larger than %(limit)d MB.")
                    % {"source": upload.name, "limit": MAX_BYTES // 2**20}
                )
                continue
            try:
                loaded.append((upload.name, load_offer(upload.read(), upload.name)))
            except CompareError as error:
                problems += error.problems
        if problems:
            raise forms.ValidationError(problems)
        return loaded


@require_http_methods(["GET", "HEAD", "POST"])
def compare_page(request):
    """Template ``admin/offers/compare.html``. Context: ``form`` (a CompareForm, with the
    reason each file was refused) and ``comparisons`` (one compare.Comparison per file,
    once the files are accepted)."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = CompareForm(request.POST, request.FILES) if request.method == "POST" else CompareForm()
    comparisons = None
    if form.is_bound and form.is_valid():
        comparisons = compare_with_ours(form.cleaned_data["files"])
    context = {
        **admin.site.each_context(request),
        "title": _("Compare with other councils"),
        "form": form,
        "comparisons": comparisons,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return TemplateResponse(request, "admin/offers/compare.html", context, status=status)
