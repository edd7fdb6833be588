"""congress_portal.core.forms: a service's refusal lands on the field it names (or the form's top), and a form
with AccessibleErrorsMixin marks each field in error for assistive technology."""

from django import forms
from django.core.exceptions import ValidationError

from congress_portal.core.forms import AccessibleErrorsMixin, add_service_errors, served


class Refused(Exception):
    pass


class TitleForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control"}))
    note = forms.CharField(required=False, help_text="optional")


def _valid(**data):
    form = TitleForm({"title": "A title", **data})
    assert form.is_valid()
    return form


def test_a_named_field_error_goes_on_that_field_and_marks_it():
    form = _valid()
    form.add_service_errors(ValidationError({"title": "The title is taken."}))
    assert form.errors == {"title": ["The title is taken."]}
    attrs = form.fields["title"].widget.attrs
    assert attrs["aria-invalid"] == "true" and attrs["aria-describedby"] == "id_title_error"
    assert attrs["class"].split() == ["form-control", "is-invalid"]
    html = str(form["title"])
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_title_error"' in html
    assert "aria-invalid" not in form.fields["note"].widget.attrs  # a field without error stays unmarked


def test_a_field_with_help_text_points_at_the_help_text_and_the_error():
    form = _valid(note="x")
    form.add_service_errors(ValidationError({"note": "Too short."}))
    assert form.fields["note"].widget.attrs["aria-describedby"] == "id_note_helptext id_note_error"


def test_plain_messages_and_unknown_fields_go_to_the_top():
    form = _valid()
    form.add_service_errors(ValidationError(["Closed.", "Try tomorrow."]))
    form.add_service_errors(ValidationError({"deadline": "Too late.", "__all__": "Not yours."}))
    assert form.non_field_errors() == ["Closed.", "Try tomorrow.", "Too late.", "Not yours."]
    assert set(form.errors) == {"__all__"} and not form.is_valid()


def test_marks_are_not_repeated_when_errors_pile_up():
    form = TitleForm({"title": ""})
    assert not form.is_valid()  # cleaning marks the field
    assert form.fields["title"].widget.attrs["aria-invalid"] == "true"
    form.add_service_errors(ValidationError({"title": "Again."}))
    assert form.fields["title"].widget.attrs["class"].split() == ["form-control", "is-invalid"]
    assert len(form.errors["title"]) == 2


def test_the_function_works_on_a_form_without_the_mixin():
    form = forms.Form({})
    form.fields["name"] = forms.CharField(required=False)
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "No.", "other": "Elsewhere."}))
    assert form.errors == {"name": ["No."], "__all__": ["Elsewhere."]}


def test_served_runs_the_service_only_for_a_valid_form_and_keeps_its_refusals():
    calls = []
    assert served(_valid(), lambda: calls.append(1)) is True and calls == [1]

    invalid = TitleForm({"title": ""})
    assert served(invalid, lambda: calls.append(2)) is False and calls == [1]

    def refuse_field():
        raise ValidationError({"title": "Taken."})

    form = _valid()
    assert served(form, refuse_field) is False and form.errors == {"title": ["Taken."]}
    assert form.fields["title"].widget.attrs["aria-invalid"] == "true"

    def refuse_app():
        raise Refused("Not now.")

    form = _valid()
    assert served(form, refuse_app, refusals=(Refused,)) is False and form.non_field_errors() == ["Not now."]
