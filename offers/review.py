"""The yearly review: which services are due a check, and whether the offer covers what
the law asks for (the six areas, and the topics in LegalTopic), with the gaps."""

from dataclasses import dataclass, field

from django.utils import timezone

from offers.admin_site import admin_url
from offers.models import Area, Draft, LegalTopic, Service


@dataclass
class Requirement:
    label: str
    services: list = field(default_factory=list)

    @property
    def is_gap(self):
        return not self.services


def coverage():
    """One Requirement per area and per topic, each with the published services meeting it."""
    services = list(Service.objects.published().select_related("area"))
    required = [
        Requirement(area.title, [s for s in services if s.area_id == area.pk])
        for area in Area.objects.all()
    ]
    required += [
        Requirement(topic.label, [s for s in services if topic.value in s.topics])
        for topic in LegalTopic
    ]
    return required


def reviews(today=None):
    """Services still offered (published or draft) whose review is overdue or due soon."""
    today = today or timezone.localdate()
    current = Service.objects.exclude(status=Service.Status.ARCHIVED).select_related("area")
    return {
        "overdue": list(current.review_overdue(today).order_by("review_due")),
        "soon": list(current.review_due_soon(today).order_by("review_due")),
    }


def waiting_drafts():
    """Draft changes to public content waiting for a publisher, oldest first, each with
    the address of the form that publishes it."""
    drafts = Draft.objects.pending().select_related("author", "content_type")
    # prefetch: one query per kind of item, not one per draft
    return [
        (draft, admin_url(draft.item))
        for draft in drafts.prefetch_related("item").order_by("created")
    ]
