"""What each role's home page shows. Apps register providers in their AppConfig.ready().

A provider is `fn(user) -> list[Card]`; each card says what the person has to do, with a count and
a link. Providers must run a bounded number of queries.
"""

from dataclasses import dataclass, field

_providers = {}


@dataclass
class Card:
    title: str
    count: int | None = None
    url: str = ""
    note: str = ""
    level: str = "primary"  # bootstrap colour: primary, warning, danger, success, secondary
    items: list = field(default_factory=list)  # [(text, url)] for a short list under the card


def register(role, provider, order=100):
    _providers.setdefault(role, []).append((order, provider))


def cards_for(user):
    role = "staff" if user.is_superuser and not user.role else user.role
    cards = []
    for _order, provider in sorted(_providers.get(role, []), key=lambda item: item[0]):
        cards.extend(provider(user))
    return cards
