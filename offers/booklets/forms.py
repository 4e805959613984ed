"""The booklet builder's questions. They ask nothing about the young person."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from offers.booklets.spec import SIZES, BookletSpec

VARIANTS = [("full", _("Full version")), ("easy-read", _("Easy read"))]
SIZE_LABELS = {
    "a4": _("A4: standard printer paper"),
    "a5": _("A5: half of A4, for a small booklet"),
}


class BookletForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the booklet"))
    variant = forms.ChoiceField(
        label=_("Version"), choices=VARIANTS, initial="full", widget=forms.RadioSelect
    )
    size = forms.ChoiceField(
        label=_("Paper size"),
        choices=[(size, SIZE_LABELS[size]) for size in SIZES],
        widget=forms.RadioSelect,
    )
    area = forms.MultipleChoiceField(
        label=_("Areas to include"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one area.")},
    )

    def __init__(self, data, areas, language):
        super().__init__(data)
        self.areas = list(areas)
        self.fields["language"].choices = [
            (code, translation.get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ]
        self.fields["language"].initial = language
        self.fields["size"].initial = SIZES[0]
        self.fields["area"].choices = [(area.slug, area.title) for area in self.areas]
        self.fields["area"].initial = [area.slug for area in self.areas]

    def spec(self):
        """The booklet the answers describe (call after is_valid)."""
        return BookletSpec.with_areas(
            language=self.cleaned_data["language"],
            easy_read=self.cleaned_data["variant"] == "easy-read",
            size=self.cleaned_data["size"],
            wanted=self.cleaned_data["area"],
            known_areas=[area.slug for area in self.areas],
        )
