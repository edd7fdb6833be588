"""The year's figures of each kind of work, registered by the apps that own them.

One interface feeds the leaders' dashboard and the annual work report, so that the report's figures
equal the dashboard's and the platform never reaches into an app's models. Each app registers a
provider from its AppConfig.ready():

    from congress_portal.dashboard import sections

    def year_section(year):
        ...  # a fixed number of queries, whatever the data size
        return sections.Section(
            code="appointments", title=_("Appointments and removals"),
            figures=[sections.Figure("decided", _("Appointments and removals decided"), 41, previous=38,
                                     url=reverse("appointments:list") + f"?year={year}")],
            charts=[sections.Chart("by_organ", _("Which organs had the most appointments?"), "bar",
                                   labels=["区政府", "区法院"], series=[(_("Appointments"), [30, 11])],
                                   url=reverse("appointments:list") + f"?year={year}")],
        )

    sections.register("appointments", year_section, order=40)

`previous` is last year's value of the same figure (同比); `url` drills down to the list the figure
counts (filtered to the year). Values are plain numbers (int, float or None when there is nothing to
count), so the dashboard can cache a section and the report can print it.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

_PROVIDERS = {}


@dataclass
class Figure:
    key: str
    label: str
    value: Optional[float]
    previous: Optional[float] = None  # the same figure last year (同比)
    unit: str = ""  # "%", "件", "人" ... as shown after the value
    url: str = ""  # the list this figure counts, filtered to the year
    note: str = ""


@dataclass
class Chart:
    key: str
    title: str  # the question the chart answers, e.g. "Which units reply late?"
    kind: str  # "bar" | "hbar" | "line" | "pie" | "stacked"
    labels: list
    series: list  # [(name, [values ...]), ...], one value per label
    url: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list  # lists of plain values, one per column
    url: str = ""


@dataclass
class Section:
    code: str
    title: str
    figures: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    tables: list = field(default_factory=list)

    def figure(self, key):
        return next((f for f in self.figures if f.key == key), None)


@dataclass(frozen=True)
class Provider:
    code: str
    build: Callable[[int], Section]
    order: int = 100


def register(code, build, *, order=100):
    _PROVIDERS[code] = Provider(code, build, order)


def providers():
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.code))


def year_sections(year):
    """Every registered app's section for the year, in order."""
    return [provider.build(year) for provider in providers()]


def change(figure):
    """The change from last year (同比) as a difference, or None when either year has no value."""
    if figure.value is None or figure.previous is None:
        return None
    return figure.value - figure.previous
