import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localoffer.settings")
from offers.request_checks import guard  # noqa: E402  (needs the settings module named)

application = guard(get_wsgi_application())

# Each worker loads WeasyPrint and the booklet fonts as it starts, not while the first
# adviser of the day waits for a booklet. Pages must not depend on it, so a failure here
# is logged and the booklet's own render reports it.
try:
    from offers.booklets.render import warm

    warm()
except Exception:
    logging.getLogger(__name__).exception("could not prepare booklet rendering")
