"""Error pages that still look like the site and speak the reader's language."""

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponseServerError, QueryDict
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception):
    """Template: ``404.html``. Context: the site-wide ``offer`` only."""
    try:
        request.GET  # noqa: B018  (an address with too many fields cannot be read)
    except TooManyFieldsSent:
        request.GET = QueryDict()  # the page reads nothing from it
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Template: ``500.html``, rendered without the database, which may be what failed.

    Context: ``LANGUAGE_CODE`` and ``LANGUAGE_BIDI`` only.
    """
    html = loader.get_template("500.html").render(
        {"LANGUAGE_CODE": get_language(), "LANGUAGE_BIDI": get_language_bidi()}
    )
    return HttpResponseServerError(html)
