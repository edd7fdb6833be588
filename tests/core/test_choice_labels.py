"""ChoiceLabelsMixin: the cheaper get_FOO_display() gives what Django's own gives, in the active language."""

from django.db.models import Model
from django.utils import translation

from proposals.models import Assignment, Status, Suggestion


def test_display_matches_django_and_follows_the_language():
    s = Suggestion(status=Status.HANDLING)
    field = Suggestion._meta.get_field("status")
    with translation.override("zh-hans"):
        assert s.get_status_display() == Model._get_FIELD_display(s, field) == "办理中"
    with translation.override("en"):
        assert s.get_status_display() == Model._get_FIELD_display(s, field) == "Being handled"
    assert Assignment(role=Assignment.Role.CO).get_role_display() == str(Assignment.Role.CO.label)


def test_unknown_value_is_shown_as_is():
    assert Suggestion(status="gone").get_status_display() == "gone"
    assert Suggestion(status=None).get_status_display() is None
