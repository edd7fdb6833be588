"""The row of a transition table, shared by every process (suggestions, supervision items, rectifications).

Each move names the states it starts from, the state it ends in (None: the state does not change), the
relations to the object that may make it, the states a varying result can lead to instead, and the style
of its button. The tables and the relations stay with their apps."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: tuple
    target: str | None
    relations: tuple
    # Where the result can vary (a rating or a vote of 不满意 leads elsewhere), the possible targets.
    alt_targets: tuple = ()
    style: str = "primary"
