"""The builtin `{% url %}` (core/templatetags/kept_url.py) answers exactly as Django's tag does, for every
named URL of the portal, while reversing each URL's shape once."""

import pytest
from django.template import Context, Engine, engines
from django.template.defaulttags import URLNode
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse, set_script_prefix
from django.utils import translation

from congress_portal.core.templatetags import kept_url
from congress_portal.core.templatetags.kept_url import KeptURLNode


def _django(text, **context):
    """The same template through Django's own tag (an engine without the builtin)."""
    return Engine(libraries={}).from_string(text).render(Context(context))


def _portal(text, **context):
    return engines["django"].from_string(text).render(context)


def _named(resolver=None, namespace=""):
    """Every named URL pattern: (qualified name, number of arguments)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.regex.groups


def test_the_portal_engine_uses_the_kept_tag():
    template = engines["django"].from_string("{% url 'core:index' %}")
    assert any(isinstance(node, KeptURLNode) for node in template.template.nodelist)
    assert not isinstance(Engine(libraries={}).from_string("{% url 'core:index' %}").nodelist[0], KeptURLNode)
    assert isinstance(template.template.nodelist[0], URLNode)


@pytest.mark.parametrize("pk", [0, 7, 12345, 918273645])
def test_every_named_url_with_at_most_one_argument_is_as_django_reverses_it(pk):
    checked = 0
    for name, groups in _named():
        if groups == 0:
            text = f"{{% url '{name}' %}}"
        elif groups == 1:
            text = f"{{% url '{name}' pk %}}"
        else:
            continue
        try:
            expected = _django(text, pk=pk)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                _portal(text, pk=pk)
            continue
        assert _portal(text, pk=pk) == _portal(text, pk=pk) == expected, name
        checked += 1
    assert checked > 60


def test_what_it_does_not_keep_is_reversed_by_django():
    # keyword arguments, strings, negative numbers, booleans, several arguments
    assert _portal("{% url 'proposals:detail' pk=5 %}") == reverse("proposals:detail", kwargs={"pk": 5})
    assert _portal("{% url 'proposals:detail' '12' %}") == "/proposals/12/"
    with pytest.raises(NoReverseMatch):
        _portal("{% url 'proposals:detail' -1 %}")
    with pytest.raises(NoReverseMatch):
        _portal("{% url 'proposals:detail' x %}", x=None)
    assert _portal("{% url 'admin:proposals_suggestion_move' 3 'prereview' %}") == "/admin/proposals/suggestion/3/move/prereview/"


def test_as_variable_and_a_failing_reverse():
    assert _portal("{% url 'proposals:detail' 9 as link %}[{{ link }}]") == "[/proposals/9/]"
    assert _portal("{% url 'no-such-view' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        _portal("{% url 'no-such-view' %}")


def test_the_script_prefix_and_the_language_are_part_of_the_shape():
    assert _portal("{% url 'proposals:detail' 4 %}") == "/proposals/4/"
    set_script_prefix("/portal/")
    try:
        assert _portal("{% url 'proposals:detail' 4 %}") == "/portal/proposals/4/"
        assert _portal("{% url 'core:index' %}") == reverse("core:index")
    finally:
        set_script_prefix("/")
    assert _portal("{% url 'proposals:detail' 4 %}") == "/proposals/4/"
    with translation.override("en"):
        assert _portal("{% url 'proposals:detail' 4 %}") == "/proposals/4/"


def test_the_current_application_of_the_request_is_passed_on():
    request = RequestFactory().get("/")
    request.current_app = "admin"
    text = "{% url 'admin:index' %}"
    assert engines["django"].from_string(text).render({}, request) == _django(text)


@override_settings(ROOT_URLCONF="tests.core.urls_other")
def test_another_url_configuration_reverses_anew():
    assert _portal("{% url 'detail' 3 %}") == "/elsewhere/3/"


def test_a_pattern_that_refuses_the_sentinel_is_never_kept(monkeypatch):
    calls = []
    real = kept_url.reverse
    monkeypatch.setattr(kept_url, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    kept_url._shapes.clear()
    with override_settings(ROOT_URLCONF="tests.core.urls_other"):
        assert _portal("{% url 'year' 2026 %}") == "/year/2026/"
        assert _portal("{% url 'year' 2025 %}") == "/year/2025/"
    # the sentinel (nine digits) does not fit a four-digit year: Django's tag reversed each one
    assert calls == [("year",)]
