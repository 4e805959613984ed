from django.utils.functional import SimpleLazyObject

from offers.models import Area, Draft, OfferSettings


def offer(request):
    """Site-wide settings and the six areas, for the header, footer and navigation.

    Both are lazy, so pages that do not show them (the admin) do not query for them, and
    public pages make the same two queries whatever the amount of content. A staff
    preview shows the areas as their drafts would make them.
    """
    from offers.views import is_preview

    areas = Area.objects.all()
    if is_preview(request):
        areas = SimpleLazyObject(lambda: with_drafts(list(Area.objects.all())))
    return {"offer": SimpleLazyObject(OfferSettings.load), "nav_areas": areas}


def with_drafts(areas):
    Draft.objects.apply_pending(areas)
    return areas
