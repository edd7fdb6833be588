"""The names people read for the codes an audit row stores (its action, its states), model by model.

Audit rows store codes, never translated text (CONVENTIONS 8). Each app registers the names of its
actions and states from its AppConfig.ready(), as notification kinds are, and every page that shows
the trail (the admin's, a suggestion's timeline, an opinion's history) reads names from here.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

_ACTIONS = {}  # model label_lower -> {code: name}
_STATES = {}

# Actions any audited model may record.
COMMON_ACTIONS = {"create": _("Created"), "edit": _("Edited")}


def register(model, *, actions=None, states=None):
    """Names for `model`'s audit codes: `actions` and `states` map a code to its (lazy) name."""
    key = model._meta.label_lower
    _ACTIONS.setdefault(key, {}).update(actions or {})
    _STATES.setdefault(key, {}).update(states or {})


def action_label(model_key, code):
    """The action's name for rows of `model_key` (a model's label_lower); the code if none is known."""
    return _ACTIONS.get(model_key, {}).get(code) or COMMON_ACTIONS.get(code) or code


def state_label(model_key, code):
    return _STATES.get(model_key, {}).get(code, code) if code else ""


def action_choices():
    """(code, name) of every registered action, for a filter: a code named differently by two models
    reads both names."""
    names = {code: [str(label)] for code, label in COMMON_ACTIONS.items()}
    for actions in _ACTIONS.values():
        for code, label in actions.items():
            if str(label) not in names.setdefault(code, []):
                names[code].append(str(label))
    return sorted(((code, " / ".join(labels)) for code, labels in names.items()), key=lambda choice: choice[1])


def known_codes():
    """Every registered action and state code: what a page must never show raw (tests look for them)."""
    codes = set(COMMON_ACTIONS)
    for table in (*_ACTIONS.values(), *_STATES.values()):
        codes.update(table)
    return codes


def name_rows(rows):
    """Sets `action_name`, `from_name` and `to_name` on audit rows (content types from Django's cache)."""
    for row in rows:
        content_type = ContentType.objects.get_for_id(row.content_type_id)
        key = f"{content_type.app_label}.{content_type.model}"  # the model's label_lower
        row.action_name = action_label(key, row.action)
        row.from_name = state_label(key, row.from_state)
        row.to_name = state_label(key, row.to_state)
    return rows
