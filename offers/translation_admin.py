"""Staff pages for translations: status per language, download for translators, upload
with a preview of every change before anything is saved."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from offers.roles import can_publish
from offers.translation_io import (
    MAX_FILE_BYTES,
    TranslationFileError,
    export_po,
    languages,
    plan_import,
)
from offers.translation_status import easy_read_advice, translation_status

PERMISSION = "offers.view_service"


class UploadForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=languages)
    file = forms.FileField(
        label=gettext_lazy("Translated file (.po)"),
        required=False,
        help_text=gettext_lazy("The file you downloaded here, with the translations filled in."),
    )
    # The preview carries the file back, so confirming applies exactly what was shown.
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // 2**20}
                )
            cleaned["content"] = upload.read()
        elif not cleaned.get("content"):
            raise forms.ValidationError(_("Choose a file to upload."))
        return cleaned


def _allowed(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _render(request, template, **context):
    context = {**admin.site.each_context(request), "title": _("Translations"), **context}
    return TemplateResponse(request, f"admin/offers/{template}", context)


@require_safe
def status(request, form=None):
    """Template: ``admin/offers/translation_status.html``. Context: ``languages`` (one
    LanguageStatus each) and the upload ``form``."""
    _allowed(request)
    return _render(
        request,
        "translation_status.html",
        languages=translation_status(),
        easy_read_advice=easy_read_advice(),
        form=form or UploadForm(),
    )


@require_safe
def download(request):
    """A PO file of every content text for one language (`?language=ar`)."""
    _allowed(request)
    language = request.GET.get("language", "")
    try:
        po = export_po(language)
    except TranslationFileError as error:
        messages.error(request, " ".join(error.problems))
        return redirect("admin:translation_status")
    response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="local-offer-{language}.po"'
    return response


@require_POST
def upload(request):
    """Check an uploaded file and show what it would change (template:
    ``admin/offers/translation_preview.html``, context: ``plan``, ``form``, ``problems``);
    with ``confirm`` posted from that preview, apply it. Imported text is public at once,
    so only publishers may upload."""
    _allowed(request)
    if not can_publish(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(
            request,
            "translation_status.html",
            languages=translation_status(),
            easy_read_advice=easy_read_advice(),
            form=form,
        )
    content = form.cleaned_data["content"]
    language = form.cleaned_data["language"]
    try:
        plan = plan_import(content, language)
    except TranslationFileError as error:
        return _render(request, "translation_preview.html", problems=error.problems, plan=None)
    if request.POST.get("confirm") == "yes":
        count = plan.apply(user=request.user)
        messages.success(request, _("Imported %(count)d translations.") % {"count": count})
        return redirect("admin:translation_status")
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    confirm = UploadForm(initial={"language": language, "content": text})
    confirm.fields["language"].widget = forms.HiddenInput()
    confirm.fields["file"].widget = forms.HiddenInput()
    return _render(request, "translation_preview.html", plan=plan, form=confirm, problems=None)
