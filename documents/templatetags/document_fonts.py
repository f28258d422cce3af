from django import template

from documents.fonts import fonts_in_use

register = template.Library()


@register.inclusion_tag("documents/_fonts.html")
def document_fonts():
    """Which fonts the PDF on this page is set in: the licensed office fonts or the open ones
    standing in for them (DESIGN §6)."""
    return {"fonts": fonts_in_use()}
