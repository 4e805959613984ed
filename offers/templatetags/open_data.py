from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from offers.opendata import script_json, service_json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def service_json_ld_script(context):
    """The page's service as schema.org JSON-LD, for search engines.

    A data block, never run as script, so the Content-Security-Policy has nothing to
    allow; its JSON is escaped so no text staff wrote can end the element.
    """
    service, request = context["service"], context["request"]
    data = service_json_ld(
        service,
        context.get("contacts", []),
        context["offer"].council_name,
        request.build_absolute_uri(service.get_absolute_url()),
    )
    # Safe: script_json escapes <, > and & (as Django's json_script does).
    block = mark_safe(script_json(data))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', block)
