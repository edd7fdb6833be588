"""`{% url %}` with the shape of each URL kept, installed as a template builtin (settings.TEMPLATES).

Django's tag reverses every URL from its pattern: about 40 µs, once a row on a list of thirty. A URL
without arguments, or with one non-negative integer (`{% url 'proposals:detail' s.pk %}`, the common
case on lists), is the same string each time but for that number. This tag reverses such a URL once,
with a sentinel number, and keeps its two halves; a row then only joins them around its own number.
Everything else (keyword arguments, several arguments, strings, `as` with a failing reverse) is left to
Django's tag unchanged. Kept per URL resolver, script prefix, language and current application, so a
changed URL configuration or prefix (tests, SCRIPT_NAME) reverses anew.

Only for patterns whose argument is an integer converter: a pattern that would refuse some numbers is
detected when the sentinel is refused or appears twice, and then always reversed by Django.
"""

from django import template
from django.template import defaulttags
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

_SENTINEL = 918273645
_NOT_KEPT = object()
_shapes = {}  # (resolver, prefix, language, current_app, view_name, with_arg) -> url | (head, tail) | _NOT_KEPT


def kept_reverse(view_name, arg=None, *, with_arg=False, current_app=None):
    """reverse(view_name, args=[arg] if with_arg else None, current_app=...), kept as described above.
    Returns None where it cannot answer (the caller then reverses itself)."""
    key = (get_resolver(get_urlconf()), get_script_prefix(), get_language(), current_app, view_name, with_arg)
    shape = _shapes.get(key)
    if shape is None:
        try:
            if not with_arg:
                shape = reverse(view_name, current_app=current_app)
            else:
                url = reverse(view_name, args=[_SENTINEL], current_app=current_app)
                token = str(_SENTINEL)
                head, _, tail = url.partition(token)
                shape = (head, tail) if url.count(token) == 1 else _NOT_KEPT
        except NoReverseMatch:
            shape = _NOT_KEPT
        if len(_shapes) > 10_000:  # never grows without bound, whatever resolvers tests create
            _shapes.clear()
        _shapes[key] = shape
    if shape is _NOT_KEPT:
        return None
    if not with_arg:
        return shape
    return f"{shape[0]}{arg}{shape[1]}"


class KeptURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs or len(self.args) > 1:
            return super().render(context)
        arg = self.args[0].resolve(context) if self.args else None
        if self.args and (type(arg) is not int or arg < 0):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = kept_reverse(self.view_name.resolve(context), arg, with_arg=bool(self.args), current_app=current_app)
        if url is None:
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
