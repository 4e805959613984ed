"""Languages that Django's own tables lack.

Django knows Arabic, Persian and Central Kurdish but not Pashto or Tigrinya. Their name,
native name and direction are added to Django's LANG_INFO at start-up (not by editing
Django's files), so `{% get_language_info %}` and the language switcher treat them like
any other language. Direction comes from settings.LANGUAGES_BIDI.
"""

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_noop

EXTRA_LANG_INFO = {
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
}


def register_extra_languages():
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)


# Django has no catalogue for Pashto or Tigrinya, so its date filter would print English
# month names there. Naming the months here puts them in the project's catalogues, which
# Django consults first, in every language.
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
