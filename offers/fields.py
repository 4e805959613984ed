"""Model fields the offer needs that Django does not have.

``ChoiceListField``: a list of choices stored as JSON, so it works the same on SQLite and
PostgreSQL. Used for the care leaver statuses and the conditions a service has. Staff
tick boxes in the admin; the eligibility rules read a plain Python list without another
query.

``MarkdownField``: text staff write in Markdown. HTML the public page would not show is
refused with the reason when a form saves it, and made harmless whatever saves it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from offers.markup import disallowed_html, neutralise


class ChoiceListField(models.JSONField):
    def __init__(self, *args, choice_class=None, **kwargs):
        # Kept off the migration state on purpose: labels are code, not schema.
        self.choice_class = choice_class
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if self.choice_class is None:
            return
        if not isinstance(value, list):
            raise ValidationError(_("Choose from the list."), code="invalid")
        unknown = set(value) - set(self.choice_class.values)
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(value)s"),
                code="invalid_choice",
                params={"value": ", ".join(sorted(map(str, unknown)))},
            )

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choice_class.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


def validate_markdown(text):
    found = disallowed_html(text)
    if found:
        raise ValidationError(
            _(
                "This text has HTML the site does not show: %(found)s. Take it out and use"
                " Markdown instead, for example **bold** or [link text](https://example.org)."
            ),
            code="html",
            params={"found": ", ".join(found)},
        )


class MarkdownField(models.TextField):
    default_validators = [validate_markdown]

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        safe = neutralise(value)
        if safe != value and self.attname in model_instance.__dict__:
            # Only a stored column (one language's): the field modeltranslation keeps
            # under the plain name reads through a descriptor that falls back to English.
            setattr(model_instance, self.attname, safe)
        return safe
