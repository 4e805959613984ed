"""What can I get: from a young person's answers to the services they can get, now and later.

The rules are pure functions over a service's own fields (ages, care leaver statuses,
conditions, kind): no database. The view fetches the published services once and passes
them in, so a page costs the same few queries however many services there are, and the
rules can be checked against any list of services, saved or not.

The finder never promises more than the offer says: when a young person is not sure of
their care leaver status, it shows only what every status possible at their age can get.
Nothing they answer is stored; the answers live in the page's address.
"""

from dataclasses import dataclass, field, replace

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from offers.models import OLDEST, YOUNGEST, CareLeaverStatus, Condition

ELIGIBLE = CareLeaverStatus.ELIGIBLE
RELEVANT = CareLeaverStatus.RELEVANT
FORMER_RELEVANT = CareLeaverStatus.FORMER_RELEVANT
QUALIFYING = CareLeaverStatus.QUALIFYING

#: Younger than this the finder has nothing to say; at 15 it can show what starts at 16.
YOUNGEST_ASKED = YOUNGEST - 1
ADULT = 18


class Care(models.TextChoices):
    """What a young person knows about their time in care, in their words rather than
    the four legal statuses, which few of them have heard of."""

    IN_CARE = "in_care", _("I am in care now")
    LEFT = "left", _("I have left care")
    SHORT = "short", _("I was in care for a short time after I turned 16")
    NOT_SURE = "not_sure", _("I am not sure")


#: A line under some answers, so the label itself stays short.
CARE_HINTS = {
    Care.LEFT: _(
        "I was in care for 13 weeks or more after I turned 14, and some of that time "
        "was after I turned 16."
    ),
    Care.SHORT: _("Less than 13 weeks. Or I lived with a special guardian after I turned 16."),
    Care.NOT_SURE: _("We will show you the help that every care leaver of your age can get."),
}


class Study(models.TextChoices):
    COLLEGE = "college", _("Yes, at college or sixth form, or on a training course")
    UNIVERSITY = "university", _("Yes, at university")
    APPRENTICESHIP = "apprenticeship", _("Yes, I am doing an apprenticeship")
    LOOKING_FOR_WORK = "work", _("No, I am looking for work")
    NONE = "none", _("No, none of these")


class Home(models.TextChoices):
    FOSTER = "foster", _("With my foster carers")
    OWN = "own", _("In my own home: I rent it and the tenancy is in my name")
    OTHER = (
        "other",
        _(
            "Somewhere else, for example supported housing, a children's home, or with "
            "family or friends"
        ),
    )


class Local(models.TextChoices):
    """Whether they live in the council's own area. No service records where it is given,
    so this never changes the list: it only adds a word about help from other councils."""

    YES = "yes", _("Yes")
    NO = "no", _("No, I live somewhere else")


#: The conditions (see Condition) each answer meets. Apprentices are not counted as
#: "in college or training": a service meant for them says so with its own condition.
STUDY_CONDITIONS = {
    Study.COLLEGE: {Condition.IN_EDUCATION},
    Study.UNIVERSITY: {Condition.IN_HIGHER_EDUCATION},
    Study.APPRENTICESHIP: {Condition.APPRENTICESHIP},
    Study.LOOKING_FOR_WORK: {Condition.LOOKING_FOR_WORK},
    Study.NONE: set(),
}
HOME_CONDITIONS = {
    Home.FOSTER: {Condition.FOSTER_CARE_AT_18},
    Home.OWN: {Condition.OWN_TENANCY},
    Home.OTHER: set(),
}
#: The "tick any that are true" answers are conditions as they are.
ABOUT_CHOICES = [
    (Condition.PARENT.value, _("I am a parent, or I am expecting a baby")),
    (Condition.ASYLUM.value, _("I am seeking asylum, or I have refugee status")),
    (Condition.DISABLED.value, _("I am disabled")),
    (Condition.CUSTODY.value, _("I am in custody, or I will leave custody soon")),
]


@dataclass(frozen=True)
class Answers:
    age: int
    care: str  # a Care value
    conditions: frozenset = frozenset()  # Condition values that are true for them
    local: str = ""  # a Local value, or "" when not answered; never filters

    def with_condition(self, condition):
        return replace(self, conditions=self.conditions | {condition})

    @property
    def not_sure(self):
        return self.care == Care.NOT_SURE

    @property
    def in_care_as_adult(self):
        """In care at 18 or over: the law counts them as having left (see statuses_at)."""
        return self.care == Care.IN_CARE and self.age >= ADULT

    @property
    def lives_elsewhere(self):
        return self.local == Local.NO


def statuses_at(answers, age):
    """The care leaver statuses the answers give at `age`, assuming nothing else changes.

    One status when the answer is sure. "Not sure" gives every status possible at that
    age, and a service must accept them all, so the finder never promises what a young
    person in another group could not get. Care ends in law at 18: whoever was eligible
    or relevant then is former relevant, even if they stay where they lived.
    """
    adult = age >= ADULT
    if answers.care == Care.IN_CARE:
        return frozenset({FORMER_RELEVANT if adult else ELIGIBLE})
    if answers.care == Care.LEFT:
        if answers.age < YOUNGEST:  # left before 16: never eligible, so never relevant
            return frozenset()
        return frozenset({FORMER_RELEVANT if adult else RELEVANT})
    if answers.care == Care.SHORT:
        return frozenset({QUALIFYING})
    if adult:
        return frozenset({FORMER_RELEVANT, QUALIFYING})
    return frozenset({ELIGIBLE, RELEVANT, QUALIFYING})


def can_get_at(service, answers, age):
    """Whether the answers, at `age`, fit the service's ages, statuses and conditions (a
    service with conditions needs any one of them)."""
    if not service.min_age <= age <= service.max_age:
        return False
    needed = statuses_at(answers, age)
    if not needed or not needed <= set(service.statuses):
        return False
    return not service.conditions or bool(answers.conditions & set(service.conditions))


def can_get_now(service, answers):
    return can_get_at(service, answers, answers.age)


def can_get_later(service, answers):
    """The first birthday after now at which the young person can get the service, or
    None: never, or already now (it belongs in "now" then, not in "later")."""
    if can_get_now(service, answers):
        return None
    for age in range(answers.age + 1, OLDEST + 1):
        if can_get_at(service, answers, age):
            return age
    return None


def entitlements_first(services):
    """Entitlements, then extra support; otherwise in the order given (the offer's)."""
    return sorted(services, key=lambda service: not service.is_statutory)


@dataclass
class Finding:
    """What the answers can get: ``now``, and ``later`` as (age, services) pairs, youngest
    first; every list has the entitlements first."""

    now: list = field(default_factory=list)
    later: list = field(default_factory=list)

    @property
    def now_statutory(self):
        return [service for service in self.now if service.is_statutory]

    @property
    def now_discretionary(self):
        return [service for service in self.now if not service.is_statutory]

    @property
    def services(self):
        return self.now + [service for _age, group in self.later for service in group]


def find(services, answers):
    """Split `services` into what the answers can get now and what they can get later."""
    now, later = [], {}
    for service in services:
        if can_get_now(service, answers):
            now.append(service)
        else:
            age = can_get_later(service, answers)
            if age is not None:
                later.setdefault(age, []).append(service)
    return Finding(
        now=entitlements_first(now),
        later=[(age, entitlements_first(later[age])) for age in sorted(later)],
    )


class FinderForm(forms.Form):
    """The finder's questions, in plain words. Only age, care, study and home must be
    answered; the rest are left empty when they are not true."""

    age = forms.IntegerField(
        label=_("How old are you?"),
        min_value=YOUNGEST_ASKED,
        max_value=OLDEST,
        error_messages={
            "required": _("Enter your age, as a number."),
            "invalid": _("Enter your age as a number, for example 19."),
            "min_value": _("Enter an age from 15 to 25. Help for care leavers starts at 16."),
            "max_value": _(
                "This offer is for young people up to 25. If you are older, ask the "
                "council what other help there is."
            ),
        },
    )
    care = forms.ChoiceField(
        label=_("Are you in care now, or have you left care?"),
        choices=Care.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the answer about care that fits you best."),
            "invalid_choice": _("Choose the answer about care that fits you best."),
        },
    )
    study = forms.ChoiceField(
        label=_("Are you studying or training now?"),
        choices=Study.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you are doing now."),
            "invalid_choice": _("Choose what you are doing now."),
        },
    )
    home = forms.ChoiceField(
        label=_("Where do you live now?"),
        choices=Home.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose where you live now."),
            "invalid_choice": _("Choose where you live now."),
        },
    )
    about = forms.MultipleChoiceField(
        label=_("Tick any that are true for you"),
        help_text=_("You can leave them all empty."),
        choices=ABOUT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the list.")},
    )
    local = forms.ChoiceField(
        label=_("Do you live in the council's area?"),
        help_text=_("You do not have to answer this."),
        choices=Local.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose only from the list.")},
    )

    def __init__(self, data=None, council=""):
        super().__init__(data)
        if council:
            self.fields["local"].label = _("Do you live in the area of %(council)s?") % {
                "council": council
            }

    def answers(self):
        """The answers as the rules read them (call after is_valid)."""
        data = self.cleaned_data
        conditions = set(data["about"])
        conditions |= STUDY_CONDITIONS[Study(data["study"])]
        conditions |= HOME_CONDITIONS[Home(data["home"])]
        return Answers(
            age=data["age"],
            care=data["care"],
            conditions=frozenset(str(condition) for condition in conditions),
            local=data["local"],
        )

    def choice_questions(self):
        """The questions with choices, in order, each as (bound field, options); each
        option a (radio button or tick box, hint) pair, the hint often empty."""
        questions = []
        for bound in self:
            if bound.name != "age":
                hints = CARE_HINTS if bound.name == "care" else {}
                options = [(option, hints.get(option.data["value"], "")) for option in bound]
                questions.append((bound, options))
        return questions

    def summary(self):
        """Each question answered, with its answers in words: the top of the result, and
        what a printed copy (which has no form) shows of the answers."""
        data = self.cleaned_data
        pairs = [
            (self.fields["age"].label, [data["age"]]),
            (self.fields["care"].label, [Care(data["care"]).label]),
            (self.fields["study"].label, [Study(data["study"]).label]),
            (self.fields["home"].label, [Home(data["home"]).label]),
        ]
        if data["about"]:
            labels = [label for value, label in ABOUT_CHOICES if value in data["about"]]
            pairs.append((self.fields["about"].label, labels))
        if data["local"]:
            pairs.append((self.fields["local"].label, [Local(data["local"]).label]))
        return pairs
