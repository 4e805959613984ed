"""Which booklet: language, full or easy read, paper size and areas. Nothing personal."""

import hashlib
from dataclasses import dataclass
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

    @classmethod
    def from_query(cls, language, easy_read, query, known_areas):
        size = query.get("size", "a4").lower()
        if size not in SIZES:
            raise BadBooklet(size)
        wanted = [slug for slug in query.getlist("area") if slug]
        unknown = set(wanted) - set(known_areas)
        if unknown:
            raise BadBooklet(", ".join(sorted(unknown)))
        return cls.with_areas(language, easy_read, size, wanted, known_areas)

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
        return f"{url}?{urlencode(query)}" if query else url

    @property
    def filename(self):
        """What the PDF is called when it is saved: says what it is without opening it."""
        chosen = "-selected-areas" if self.areas else ""
        return f"local-offer-{self.language}-{self.variant}-{self.size}{chosen}.pdf"

    def storage_name(self, version):
        """Where this booklet of this content version is kept."""
        chosen = ",".join(self.areas) or "all"
        digest = hashlib.sha256(chosen.encode()).hexdigest()[:12]
        name = f"{self.language}-{self.variant}-{self.size}-{digest}.pdf"
        return f"{BOOKLET_ROOT}/{self.folder(version)}/{name}"

    @staticmethod
    def folder(version):
        """Booklets of one release and content version share a folder, so earlier ones
        can be cleared out together."""
        return f"{settings.RELEASE}-{version}"
