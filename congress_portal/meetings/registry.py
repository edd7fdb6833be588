"""Who sits in a plenary session: the platform does not know deputies (a domain app), so the deputies
app registers a provider from its AppConfig.ready(), the way workbench cards are registered.

A provider is `fn(session) -> QuerySet of user ids`: the accounts of the deputies of that session.
"""

_session_voters = []


def register_session_voters(provider):
    if provider not in _session_voters:
        _session_voters.append(provider)


def session_voter_ids(session):
    """The user ids of the session's deputies (every registered provider, united), or an empty set."""
    ids = set()
    for provider in _session_voters:
        ids.update(provider(session))
    return ids
