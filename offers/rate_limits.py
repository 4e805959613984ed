"""How often one address may do something costly or abusable in an hour: make a new
tailored booklet, or send feedback. A counter per address and hour in the cache (shared
by every process when the cache is shared)."""

import time

from django.core.cache import cache

from offers.client_ip import client_ip

WINDOW_SECONDS = 3600


class RateLimited(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def take(request, action, allowed):
    """Count one `action` against the reader's address, or raise RateLimited."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"rate:{action}:{window}:{client_ip(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    if count > allowed:
        raise RateLimited(retry_after=(window + 1) * WINDOW_SECONDS - now)
