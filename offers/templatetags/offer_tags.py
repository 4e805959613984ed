from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

from offers.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text, top_level=2):
    """Staff Markdown as HTML, its headings starting at ``top_level``.

    Safe because render_markdown sanitises it with nh3.
    """
    return mark_safe(render_markdown(text, int(top_level)))  # noqa: S308


@register.filter
def tel(number):
    """A phone number as a tel: link target (digits and a leading plus only)."""
    number = str(number or "")
    return "".join(ch for ch in number if ch.isdigit() or (ch == "+" and number.startswith("+")))


@register.simple_tag(takes_context=True)
def page_in_language(context, language):
    """The address of the current page in another language."""
    return translate_url(context["request"].get_full_path(), language)
