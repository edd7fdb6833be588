"""Rows of the audit trail that the administration does not show, named by the domain apps.

The platform does not know the domain's privacy rules; a domain app registers, from its
AppConfig.ready(), a function that takes a queryset of AuditLog and leaves out the rows its readers may
not see (proposals: the rows of a deputy's unsubmitted draft, issue 12.4).
"""

_hiders = []


def register_hidden(hide):
    """`hide(queryset) -> queryset`: applied to every audit list and record the administration shows."""
    if hide not in _hiders:
        _hiders.append(hide)


def without_hidden(queryset):
    for hide in _hiders:
        queryset = hide(queryset)
    return queryset
