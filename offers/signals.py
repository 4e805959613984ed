"""Any change to the content moves the content version on, so caches start afresh."""

import contextlib
import contextvars

from django.db.models.signals import m2m_changed, post_delete, post_save

from offers.models import (
    Area,
    Contact,
    ContentVersion,
    Document,
    EasyReadSentence,
    GlossaryTerm,
    OfferSettings,
    Service,
)

CONTENT_MODELS = [Area, Service, Contact, GlossaryTerm, OfferSettings, EasyReadSentence, Document]
_batch = contextvars.ContextVar("content_batch", default=None)


def content_changed(sender, **kwargs):
    if kwargs.get("raw"):  # loading a fixture: nothing is served from it yet
        return
    batch = _batch.get()
    if batch is not None:
        batch.append(sender)
    else:
        ContentVersion.bump()


@contextlib.contextmanager
def one_change():
    """Many saves (an import, the demo loader) move the version on once, at the end."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set([])
    try:
        yield
        changed = bool(_batch.get())
    finally:
        _batch.reset(token)
    if changed:
        ContentVersion.bump()


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"bump-del-{model}")
    m2m_changed.connect(
        content_changed, sender=Service.contacts.through, dispatch_uid="bump-service-contacts"
    )
