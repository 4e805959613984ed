"""Our published offer beside other councils' (their open data, ``offer.json``): for each
of the six areas and each topic the law asks an offer to cover (LegalTopic), what we
offer that they do not, what they offer that we do not, and where amounts differ.

Services are matched across the two offers by web address name (in the same area first,
then anywhere), then by English title with case, punctuation and spacing ignored; each
service matches at most once. ``manage.py compare_offers`` and the staff page
``/admin/compare/`` both show the result.
"""

import json
import re
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from offers.models import LegalTopic, Service
from offers.opendata import SCHEMA, SCHEMA_VERSION, offer_document

#: The most we read of one file, uploaded or fetched.
MAX_BYTES = 5 * 2**20
#: Seconds to wait for another council's server, to connect and between reads.
TIMEOUT = 15
BACKUP_SCHEMA = "localoffer-offer"  # offers/backup.py, named here to explain a mix-up


class CompareError(Exception):
    def __init__(self, *problems):
        self.problems = problems
        super().__init__("\n".join(problems))


# Reading other councils' files --------------------------------------------------------


def read_source(source):
    """The bytes of a local file or an http(s) address, refused past MAX_BYTES."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        return fetch(source)
    path = Path(source)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise CompareError(
            _("%(source)s: cannot be read: %(error)s")
            % {"source": source, "error": error.strerror or error}
        ) from error
    return limited(data, source)


HTTP = ("http://", "https://")


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) address (urllib would follow ftp:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(HTTP):
            raise urllib.error.HTTPError(newurl, code, msg, headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url):
    """The bytes at an http(s) address, within TIMEOUT and MAX_BYTES."""
    if not url.lower().startswith(HTTP):
        raise CompareError(
            _("%(source)s: only http and https addresses can be fetched.") % {"source": url}
        )
    headers = {"Accept": "application/json", "User-Agent": "local-offer-compare"}
    opener = urllib.request.build_opener(HttpOnlyRedirects)
    try:
        # The scheme is checked above and on every redirect: only http(s) is opened.
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        with opener.open(request, timeout=TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise CompareError(
            _("%(source)s: the server answered %(status)s.") % {"source": url, "status": error.code}
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise CompareError(
            _("%(source)s: cannot be fetched: %(error)s") % {"source": url, "error": reason}
        ) from error
    return limited(data, url)


def limited(data, source):
    if len(data) > MAX_BYTES:
        raise CompareError(
            _("%(source)s: the file is larger than %(limit)d MB.")
            % {"source": source, "limit": MAX_BYTES // 2**20}
        )
    return data


def load_offer(data, source):
    """Another council's offer from the bytes of its file, once it is known to be in our
    open data format, at a version this site reads, with what a comparison needs."""
    try:
        offer = json.loads(data, parse_constant=not_a_number)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise CompareError(
            _("%(source)s: this is not a JSON file (%(error)s).")
            % {"source": source, "error": error}
        ) from error
    if not isinstance(offer, dict) or offer.get("schema") != SCHEMA:
        if isinstance(offer, dict) and offer.get("schema") == BACKUP_SCHEMA:
            raise CompareError(
                _(
                    "%(source)s: this is a backup of a whole site (export_offer), not open "
                    "data. Compare the offer.json that a council publishes."
                )
                % {"source": source}
            )
        raise CompareError(
            _(
                "%(source)s: this is not a local offer in the open data format: its "
                '"schema" is not "%(schema)s".'
            )
            % {"source": source, "schema": SCHEMA}
        )
    if offer.get("schema_version") != SCHEMA_VERSION:
        raise CompareError(
            _("%(source)s: its schema version is %(version)s; this site reads version %(known)s.")
            % {
                "source": source,
                "version": json.dumps(offer.get("schema_version")),
                "known": SCHEMA_VERSION,
            }
        )
    if problems := shape_problems(offer):
        shown = problems[:10]
        if len(problems) > len(shown):
            shown.append(_("… and %(count)d more.") % {"count": len(problems) - len(shown)})
        raise CompareError(*(f"{source}: {problem}" for problem in shown))
    return offer


def not_a_number(name):
    """JSON has no NaN or Infinity, though Python's reader takes them."""
    raise ValueError(f"{name} is not a number in JSON")


def shape_problems(offer):
    """What is missing or of the wrong type among the fields a comparison reads."""
    problems = []

    def expect(value, types, where):
        types = types if isinstance(types, tuple) else (types,)
        # JSON's true is no number, though Python's bool is an int.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            problems.append(_("%(where)s is missing or of the wrong type.") % {"where": where})
            return False
        return True

    if expect(offer.get("council_name"), dict, "council_name"):
        expect(offer["council_name"].get("en"), str, "council_name.en")
    if not expect(offer.get("areas"), list, "areas"):
        return problems
    for a, area in enumerate(offer["areas"]):
        where = f"areas[{a}]"
        if not expect(area, dict, where):
            continue
        expect(area.get("slug"), str, f"{where}.slug")
        if not expect(area.get("services"), list, f"{where}.services"):
            continue
        for s, service in enumerate(area["services"]):
            here = f"{where}.services[{s}]"
            if not expect(service, dict, here):
                continue
            expect(service.get("slug"), str, f"{here}.slug")
            if expect(service.get("title"), dict, f"{here}.title"):
                expect(service["title"].get("en"), str, f"{here}.title.en")
            expect(service.get("amount"), (int, float, type(None)), f"{here}.amount")
            expect(service.get("amount_period"), (str, type(None)), f"{here}.amount_period")
            expect(service.get("amount_is_maximum"), bool, f"{here}.amount_is_maximum")
            if expect(service.get("topics"), list, f"{here}.topics"):
                for t, topic in enumerate(service["topics"]):
                    expect(topic, str, f"{here}.topics[{t}]")
    return problems


# Comparing ------------------------------------------------------------------------------


def normalised(title):
    """A title reduced to its words, so "Setting-up home allowance" meets "Setting up
    Home Allowance"."""
    text = unicodedata.normalize("NFKC", title).casefold().replace("&", " and ")
    return " ".join(re.findall(r"\w+", text))


@dataclass(eq=False)
class Entry:
    """One published service of one offer, and the service it matched in the other."""

    area: str
    service: dict
    partner: "Entry | None" = None

    @property
    def slug(self):
        return self.service["slug"]

    @property
    def title(self):
        return in_language(self.service["title"])

    @property
    def topics(self):
        return set(self.service.get("topics") or [])

    def amount(self):
        return amount_of(self.service)


def in_language(texts):
    """A text in the reader's language where the file has it, else in English."""
    if not isinstance(texts, dict):
        return ""
    text = texts.get(get_language()) or texts.get("en")
    return text if isinstance(text, str) else ""


def amount_of(service):
    try:
        amount = None if service.get("amount") is None else Decimal(str(service["amount"]))
    except InvalidOperation:
        amount = None
    return amount, service.get("amount_period") or "", bool(service.get("amount_is_maximum"))


def amount_text(amount):
    """An amount in the words the site uses ("up to £1,200 a year"), or "no amount"."""
    value, period, maximum = amount
    if value is None:
        return _("no amount")
    if period not in Service.Period.values:
        period = ""
    shown = Service(amount=value, amount_period=period, amount_is_maximum=maximum)
    return str(shown.amount_display())


def entries(offer):
    return [Entry(area["slug"], service) for area in offer["areas"] for service in area["services"]]


def match(ours, theirs):
    """Pair services: same area and web address name, then the same name anywhere, then
    the same English title; each service once."""
    keys = [
        lambda e: (e.area, e.slug),
        lambda e: e.slug,
        lambda e: normalised(e.service["title"].get("en", "")),
    ]
    for key in keys:
        waiting = {}
        for entry in theirs:
            if entry.partner is None:
                waiting.setdefault(key(entry), []).append(entry)
        for entry in ours:
            if entry.partner is None and waiting.get(key(entry)):
                partner = waiting[key(entry)].pop(0)
                entry.partner, partner.partner = partner, entry


@dataclass
class Item:
    entry: Entry
    note: str = ""


@dataclass
class AmountDifference:
    ours: Entry
    theirs: Entry

    @property
    def title(self):
        return self.ours.title

    @property
    def our_amount(self):
        return amount_text(self.ours.amount())

    @property
    def their_amount(self):
        return amount_text(self.theirs.amount())


@dataclass
class Group:
    """An area or a topic, and how the two offers differ in it."""

    kind: str  # "area" or "topic"
    key: str
    label: str
    only_ours: list = field(default_factory=list)
    only_theirs: list = field(default_factory=list)
    amounts: list = field(default_factory=list)

    @property
    def differs(self):
        return bool(self.only_ours or self.only_theirs or self.amounts)


@dataclass
class Comparison:
    source: str
    council: str
    is_example: bool
    our_count: int
    their_count: int
    groups: list

    @property
    def areas(self):
        return [group for group in self.groups if group.kind == "area"]

    @property
    def topics(self):
        return [group for group in self.groups if group.kind == "topic"]

    @property
    def same(self):
        return [group for group in self.groups if not group.differs]


def compare_with_ours(loaded, ours=None):
    """A Comparison for each (source, offer) pair, against `ours` (by default this site's
    published offer)."""
    ours = ours if ours is not None else offer_document()
    return [compare(ours, theirs, source) for source, theirs in loaded]


def compare(ours, theirs, source):
    """How `theirs` differs from `ours`, both offers in the open data format."""
    our_entries, their_entries = entries(ours), entries(theirs)
    match(our_entries, their_entries)
    areas = {area["slug"]: in_language(area.get("title")) for area in ours["areas"]}
    for area in theirs["areas"]:
        areas.setdefault(area["slug"], in_language(area.get("title")) or area["slug"])
    groups = [
        group_of(Group("area", slug, title), our_entries, their_entries, areas)
        for slug, title in areas.items()
    ]
    groups += [
        group_of(Group("topic", topic.value, str(topic.label)), our_entries, their_entries, areas)
        for topic in LegalTopic
    ]
    return Comparison(
        source=source,
        council=in_language(theirs["council_name"]),
        is_example=bool(theirs.get("is_example")),
        our_count=len(our_entries),
        their_count=len(their_entries),
        groups=groups,
    )


def group_of(group, ours, theirs, areas):
    def member(entry):
        return entry.area == group.key if group.kind == "area" else group.key in entry.topics

    for entry in ours:
        if member(entry) and not (entry.partner and member(entry.partner)):
            group.only_ours.append(Item(entry, note(group, entry, areas, theirs=True)))
    for entry in theirs:
        if member(entry) and not (entry.partner and member(entry.partner)):
            group.only_theirs.append(Item(entry, note(group, entry, areas, theirs=False)))
    for entry in ours:
        partner = entry.partner
        # Under our area; under a topic when either side says the service covers it.
        counted = member(entry) or (group.kind == "topic" and partner and member(partner))
        if partner and counted and entry.amount() != partner.amount():
            group.amounts.append(AmountDifference(entry, partner))
    return group


def note(group, entry, areas, theirs):
    """Why a service that has a match is still missing from this group on the other side."""
    partner = entry.partner
    if partner is None:
        return ""
    if group.kind == "area":
        area = areas.get(partner.area, partner.area)
        if theirs:
            return _("they list it under %(area)s") % {"area": area}
        return _("we list it under %(area)s") % {"area": area}
    if theirs:
        return _("they offer it too, but not for this topic")
    return _("we offer it too, but not for this topic")


def as_text(comparison):
    """The report of one comparison as plain text, for the command line."""
    lines = [
        _("%(council)s (%(source)s): %(theirs)d published services; we have %(ours)d.")
        % {
            "council": comparison.council or _("A council"),
            "source": comparison.source,
            "theirs": comparison.their_count,
            "ours": comparison.our_count,
        }
    ]
    if comparison.is_example:
        lines.append(_("Their file says its content is an example."))
    for group in comparison.groups:
        if not group.differs:
            continue
        lines += ["", heading(group)]
        sections = [
            (_("We offer, they do not:"), group.only_ours),
            (_("They offer, we do not:"), group.only_theirs),
        ]
        for title, items in sections:
            if items:
                lines.append(f"  {title}")
                lines += [f"    - {described(item)}" for item in items]
        if group.amounts:
            lines.append(f"  {_('Amounts differ:')}")
            lines += [
                "    - "
                + _("%(service)s: ours %(ours)s; theirs %(theirs)s")
                % {"service": d.title, "ours": d.our_amount, "theirs": d.their_amount}
                for d in group.amounts
            ]
    if same := comparison.same:
        lines += ["", _("No differences: %(groups)s") % {"groups": ", ".join(map(heading, same))}]
    return "\n".join(lines) + "\n"


def heading(group):
    if group.kind == "topic":
        return _("Topic: %(topic)s") % {"topic": group.label}
    return group.label


def described(item):
    text = f"{item.entry.title} ({item.entry.slug})"
    return f"{text}: {item.note}" if item.note else text
