"""A list of choices stored as JSON, so it works the same on SQLite and PostgreSQL.

Used for the care leaver statuses and the conditions a service has. Staff tick boxes in
the admin; the eligibility rules read a plain Python list without another query.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


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
