"""Any change to the content moves the content version on, so caches start afresh."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from offers.models import Area, Contact, ContentVersion, GlossaryTerm, OfferSettings, Service

CONTENT_MODELS = [Area, Service, Contact, GlossaryTerm, OfferSettings]


def content_changed(sender, **kwargs):
    if kwargs.get("raw"):  # loading a fixture: nothing is served from it yet
        return
    ContentVersion.bump()


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"bump-del-{model}")
    m2m_changed.connect(
        content_changed, sender=Service.contacts.through, dispatch_uid="bump-service-contacts"
    )
