"""How many new tailored booklets one reader may have made in an hour.

Only renders count: a booklet already in storage costs nothing to serve and is never
refused. Tailored booklets are cheap to ask for and expensive to make, so without this
anyone could keep the server busy by asking for every combination of areas.
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


class TooManyBooklets(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def take_render(request):
    """Count one render against the reader's address, or raise TooManyBooklets."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"booklet-renders:{window}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    if count > settings.BOOKLET_RENDERS_PER_HOUR:
        raise TooManyBooklets(retry_after=(window + 1) * WINDOW_SECONDS - now)
