from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from offers.markup import render_markdown
from offers.models import SOURCE_LANGUAGE

register = template.Library()


@register.filter
def markdown(text, top_level=2):
    """Staff Markdown as HTML, its headings starting at ``top_level``.

    Safe because render_markdown sanitises it with nh3.
    """
    return mark_safe(render_markdown(text, int(top_level)))  # noqa: S308


@register.simple_tag
def field(obj, name, markdown=None):
    """A translated text in the reader's language.

    Where it has no translation yet, the English is shown marked `lang="en"` (so screen
    readers pronounce it as English and the page is never a silent mix); a block of
    Markdown also says, in the reader's language, that it is not translated yet.
    """
    value = getattr(obj, name) or ""
    fallback = obj.is_fallback(name, get_language())
    if markdown is None:
        if not fallback:
            return value
        return format_html('<span lang="{}" dir="ltr">{}</span>', SOURCE_LANGUAGE, value)
    html = mark_safe(render_markdown(value, int(markdown)))  # noqa: S308  (sanitised)
    if not fallback:
        return html
    return format_html(
        '<div class="untranslated"><p class="untranslated-note">{}</p>'
        '<div lang="{}" dir="ltr">{}</div></div>',
        _("This part is not translated yet, so it is in English."),
        SOURCE_LANGUAGE,
        html,
    )


@register.filter
def tel(number):
    """A phone number as a tel: link target (digits and a leading plus only)."""
    number = str(number or "")
    return "".join(ch for ch in number if ch.isdigit() or (ch == "+" and number.startswith("+")))


@register.simple_tag(takes_context=True)
def page_in_language(context, language):
    """The address of the current page in another language."""
    return translate_url(context["request"].get_full_path(), language)
