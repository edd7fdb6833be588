"""`{% portal_name %}`: the portal's name from the settings, for pages drawn without a request context.

Django's 500 handler renders its template with an empty context (no context processors) and the
error pages must not touch the database or the cache, so the frame asks for the name here.
"""

from django import template

from congress_portal.core.context_processors import portal_name as _portal_name

register = template.Library()


@register.simple_tag
def portal_name():
    return _portal_name()
