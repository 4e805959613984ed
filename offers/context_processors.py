from django.utils.functional import SimpleLazyObject

from offers.models import Area, OfferSettings


def offer(request):
    """Site-wide settings and the six areas, for the header, footer and navigation.

    Both are lazy, so pages that do not show them (the admin) do not query for them, and
    public pages make the same two queries whatever the amount of content.
    """
    return {
        "offer": SimpleLazyObject(OfferSettings.load),
        "nav_areas": Area.objects.all(),
    }
