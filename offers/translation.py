from modeltranslation.translator import TranslationOptions, register

from offers.models import (
    Area,
    Contact,
    EasyReadSentence,
    GlossaryTerm,
    OfferSettings,
    PublicChange,
    Service,
)


@register(Area)
class AreaTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "introduction")


@register(Contact)
class ContactTranslationOptions(TranslationOptions):
    fields = ("name", "description", "opening_hours", "out_of_hours_note")


@register(Service)
class ServiceTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "how_to_get", "eligibility_note", "legal_basis")


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("term", "definition", "easy_definition")


@register(OfferSettings)
class OfferSettingsTranslationOptions(TranslationOptions):
    fields = ("council_name", "introduction", "accessibility_statement")


@register(EasyReadSentence)
class EasyReadSentenceTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(PublicChange)
class PublicChangeTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
