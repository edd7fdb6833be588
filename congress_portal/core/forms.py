"""The one way a service's refusal reaches a form.

A service raises django's ValidationError (a dict naming fields, or plain messages) or its app's own
refusal (VoteError, LivelihoodError...). `add_service_errors` puts each message on the field it names,
anything else on the form's top; `served` runs a service for a valid form and does that for you. Forms
with `AccessibleErrorsMixin` also mark each field in error for assistive technology, pointing its
aria-describedby at the message the templates render as `<auto_id>_error` (and at its help text,
`<auto_id>_helptext`, when it has one).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, exc):
    """Put a service's ValidationError on `form`: each message on the field it names, messages naming no
    field of this form (or none at all) on the form's top. Works on any bound, validated form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, errors)
    else:
        form.add_error(None, exc.error_list)


def served(form, call, *, refusals=()):
    """Run the service `call()` if `form` is valid; its ValidationError goes on the form (see
    add_service_errors), an exception of `refusals` on the form's top. True when the service was done."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except refusals as exc:
        form.add_error(None, str(exc))
    else:
        return True
    return False


class AccessibleErrorsMixin:
    """For a Form: each field with an error carries aria-invalid="true", aria-describedby naming its message
    (`<auto_id>_error`, after its help text `<auto_id>_helptext` if any) and the `is-invalid` class, whether
    the error came from cleaning, from add_error or from a service. Only for forms whose templates render
    those ids (e.g. supervision/_field.html, deliberation/_field.html)."""

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def add_error(self, field, error):
        super().add_error(field, error)
        self.mark_invalid()

    def add_service_errors(self, exc):
        add_service_errors(self, exc)

    def mark_invalid(self):
        for name in self._errors or ():
            if name not in self.fields:
                continue
            bound = self[name]
            if not bound.auto_id:
                continue
            described = f"{bound.auto_id}_error"
            if self.fields[name].help_text:
                described = f"{bound.auto_id}_helptext {described}"
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = described
            classes = attrs.get("class", "").split()
            if "is-invalid" not in classes:
                attrs["class"] = " ".join([*classes, "is-invalid"])
