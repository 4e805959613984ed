"""Which booklet: language, full or easy read, paper size and areas. Nothing personal."""

import hashlib
from dataclasses import dataclass

from django.conf import settings

SIZES = ("a4", "a5")


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
        areas = tuple(slug for slug in known_areas if slug in wanted)
        if len(areas) == len(known_areas):
            areas = ()
        return cls(language, easy_read, size, areas)

    @property
    def variant(self):
        return "easy-read" if self.easy_read else "full"

    def storage_name(self, version):
        """Where this booklet of this content version is kept."""
        chosen = ",".join(self.areas) or "all"
        digest = hashlib.sha256(chosen.encode()).hexdigest()[:12]
        return (
            f"booklets/{settings.RELEASE}-{version}/"
            f"{self.language}-{self.variant}-{self.size}-{digest}.pdf"
        )
