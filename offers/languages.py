"""Languages that Django's own tables lack.

Django knows Arabic, Persian and Central Kurdish but not Pashto or Tigrinya. Their name,
native name and direction are added to Django's LANG_INFO at start-up (not by editing
Django's files), so `{% get_language_info %}` and the language switcher treat them like
any other language. Direction comes from settings.LANGUAGES_BIDI.
"""

from django.conf.locale import LANG_INFO

EXTRA_LANG_INFO = {
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
}


def register_extra_languages():
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)
