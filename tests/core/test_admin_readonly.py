"""`{% portal_readonly_fieldsets %}` (core/templatetags/portal_admin.py) writes the same markup as Django's
admin/includes/fieldset.html, field by field, for read-only change forms: the suggestion's record in
every state of the small demo, in Chinese and in English."""

import re

import pytest
from django.core.management import call_command
from django.template import Context
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from congress_portal.accounts.models import User
from congress_portal.core.templatetags.portal_admin import portal_readonly_fieldsets
from proposals.models import Status, Suggestion
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", "small", "--today", "2026-11-23")
    return User.objects.get(username="staff")


def _normal(html):
    """The markup with the template's indentation and line breaks taken out."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html).strip()


def _django(context, adminform):
    return "".join(render_to_string("admin/includes/fieldset.html", {
        **context, "fieldset": fieldset, "heading_level": 2, "prefix": "fieldset", "id_prefix": 0,
        "id_suffix": index}) for index, fieldset in enumerate(adminform))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_record_is_drawn_as_django_draws_it(client, demo, language):
    client_for(client, demo)
    client.cookies["django_language"] = language
    checked = 0
    for state in Status.values:
        # Drafts are their deputies' own: the admin does not open them (issue 12.4).
        s = Suggestion.objects.submitted().filter(status=state).order_by("-id").first()
        if s is None:
            continue
        response = client.get(reverse("admin:proposals_suggestion_change", args=[s.pk]))
        assert response.status_code == 200
        context = next(c for c in response.context if "adminform" in c).flatten()
        with translation.override(language):
            mine = portal_readonly_fieldsets(Context(context), context["adminform"])
            theirs = _django(context, context["adminform"])
        assert _normal(mine) == _normal(theirs), state
        assert _normal(mine) in _normal(response.content.decode())
        checked += 1
    assert checked >= 8


def test_an_editable_fieldset_is_left_to_django(demo, rf):
    """A form with an editable field (another admin's) goes through Django's template unchanged."""
    from django.contrib import admin

    from congress_portal.organization.models import HandlingUnit

    unit = HandlingUnit.objects.first()
    model_admin = admin.site._registry[HandlingUnit]
    request = rf.get("/")
    request.user = User.objects.get(username="admin")
    response = model_admin.change_view(request, str(unit.pk))
    context = response.context_data
    adminform = context["adminform"]
    assert any(not f.is_readonly for fieldset in adminform for line in fieldset for f in line)
    rendered = portal_readonly_fieldsets(Context({**context, "request": request}), adminform)
    assert _normal(rendered) == _normal(_django({**context, "request": request}, adminform))
