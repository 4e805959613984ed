"""Which booklet: language, full or easy read, paper size, areas and, for a booklet of
what one young person can get (the finder's list), services. Nothing personal."""

import hashlib
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation

SIZES = ("a4", "a5")
BOOKLET_ROOT = "booklets"


class BadBooklet(ValueError):
    """A booklet asked for with values the site does not offer."""


@dataclass(frozen=True)
class BookletSpec:
    language: str
    easy_read: bool = False
    size: str = "a4"
    areas: tuple = ()  # area slugs in offer order; empty means every area
    # Primary keys, ascending; empty means every service. Keys rather than "area/slug",
    # so a finder's list of forty services stays far inside a server's 4 KB request line.
    services: tuple = ()

    @classmethod
    def from_query(cls, language, easy_read, query, known_areas, known_services=()):
        """`known_services`: the keys of the published services; needed only when the
        query names services (``?service=12&service=40``)."""
        size = query.get("size", "a4").lower()
        if size not in SIZES:
            raise BadBooklet(size)
        wanted = [slug for slug in query.getlist("area") if slug]
        unknown = set(wanted) - set(known_areas)
        if unknown:
            raise BadBooklet(", ".join(sorted(unknown)))
        spec = cls.with_areas(language, easy_read, size, wanted, known_areas)
        return spec.with_services(query.getlist("service"), known_services)

    def with_services(self, wanted, known_services):
        """This booklet cut down to the services named (as text, from an address);
        naming every service is the same booklet as naming none."""
        wanted = [key for key in wanted if key]
        if not all(key.isascii() and key.isdigit() and len(key) <= 12 for key in wanted):
            raise BadBooklet("service")
        chosen = {int(key) for key in wanted}
        unknown = chosen - set(known_services)
        if unknown:
            raise BadBooklet(", ".join(map(str, sorted(unknown))))
        if chosen == set(known_services):
            chosen = set()
        return replace(self, services=tuple(sorted(chosen)))

    @property
    def tailored(self):
        """Made for one reader's choice, rather than one of the whole-offer booklets."""
        return bool(self.areas or self.services)

    @classmethod
    def with_areas(cls, language, easy_read, size, wanted, known_areas):
        """The chosen areas in offer order; choosing every area is the whole offer, so it
        is the same booklet (and the same file) as choosing none."""
        areas = tuple(slug for slug in known_areas if slug in wanted)
        return cls(language, easy_read, size, () if len(areas) == len(known_areas) else areas)

    @property
    def variant(self):
        return "easy-read" if self.easy_read else "full"

    def get_absolute_url(self):
        """The booklet's public address: what the builder sends an adviser to."""
        name = "offers:easy_read_booklet" if self.easy_read else "offers:booklet"
        with translation.override(self.language):
            url = reverse(name)
        query = [("size", self.size)] if self.size != SIZES[0] else []
        query += [("area", slug) for slug in self.areas]
        query += [("service", key) for key in self.services]
        return f"{url}?{urlencode(query)}" if query else url

    @property
    def filename(self):
        """What the PDF is called when it is saved: says what it is without opening it."""
        chosen = "-selected-areas" if self.areas else ""
        if self.services:
            chosen = "-selected-services"
        return f"local-offer-{self.language}-{self.variant}-{self.size}{chosen}.pdf"

    def storage_name(self, version):
        """Where this booklet of this content version is kept."""
        chosen = ",".join(self.areas) or "all"
        if self.services:  # area booklets keep the names they had before
            chosen += ";" + ",".join(map(str, self.services))
        digest = hashlib.sha256(chosen.encode()).hexdigest()[:12]
        name = f"{self.language}-{self.variant}-{self.size}-{digest}.pdf"
        return f"{BOOKLET_ROOT}/{self.folder(version)}/{name}"

    @staticmethod
    def folder(version):
        """Booklets of one release and content version share a folder, so earlier ones
        can be cleared out together."""
        return f"{settings.RELEASE}-{version}"
