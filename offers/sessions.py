"""Database sessions that treat a malformed session cookie as no session at all.

Django accepts any cookie value of eight characters or more as a key to look up; one
made of NUL characters makes PostgreSQL refuse the query, and every page would fail."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

KEY_CHARACTERS = frozenset(VALID_KEY_CHARS)


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= KEY_CHARACTERS
