"""The chapters of the annual work report, in the order of the seed reports (DOMAIN §8).

A chapter holds the staff's narrative for the year and the figures of the registered dashboard sections
it names (`sections`, by their codes). A registered section that no chapter names gets its own chapter
before self-building, so a new app's figures reach the report without a change here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Chapter:
    code: str
    title: str
    sections: tuple = ()


CHAPTERS = (
    Chapter("direction", _("Upholding the Party's leadership and the correct political direction")),
    Chapter("legislation", _("Legislation and legal supervision"), ("legislation", "filing_review")),
    Chapter("supervision", _("Supervision by field"), ("supervision", "supervision_rectification")),
    Chapter("deputies", _("Deputies' work"), ("suggestions", "proposals", "deputies")),
    Chapter("livelihood", _("Livelihood projects chosen by deputies"), ("livelihood",)),
    Chapter("appointments", _("Appointments and removals"), ("appointments",)),
    Chapter("self_building", _("The committee's own building")),
    Chapter("next_year", _("Next year's tasks")),
)
CODES = [chapter.code for chapter in CHAPTERS]
_EXTRA_BEFORE = "self_building"


def chapter_choices():
    return [(chapter.code, chapter.title) for chapter in CHAPTERS]


def title_of(code):
    return next((str(chapter.title) for chapter in CHAPTERS if chapter.code == code), code)


def arrange(sections):
    """[(chapter, [section, ...])] for the year's sections: each section in the chapter naming it."""
    by_code = {section.code: section for section in sections}
    named = {code for chapter in CHAPTERS for code in chapter.sections}
    extra = [section for section in sections if section.code not in named]
    out = []
    for chapter in CHAPTERS:
        if chapter.code == _EXTRA_BEFORE:
            out.extend((Chapter(section.code, section.title, (section.code,)), [section]) for section in extra)
        out.append((chapter, [by_code[code] for code in chapter.sections if code in by_code]))
    return out
