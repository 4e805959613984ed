"""How many new tailored booklets one reader may have made in an hour.

Only renders count: a booklet already in storage costs nothing to serve and is never
refused. Tailored booklets are cheap to ask for and expensive to make, so without this
anyone could keep the server busy by asking for every combination of areas.
"""

from django.conf import settings

from offers.rate_limits import take


def take_render(request):
    """Count one render against the reader's address, or raise RateLimited."""
    take(request, "booklet-render", settings.BOOKLET_RENDERS_PER_HOUR)
