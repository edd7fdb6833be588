"""All-or-nothing import of .xlsx sheets.

Every row is read and checked first; every bad cell is listed (row, column, reason, in the user's
language); only a file without a single error is written, inside one transaction.
"""

from dataclasses import dataclass, field
from typing import Any, Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_ROWS = 20000


@dataclass
class Column:
    key: str
    headers: tuple  # accepted header texts; the first is the one in the template
    required: bool = False
    parse: Callable[[str], Any] | None = None  # raises ValidationError with a translated message
    help: str = ""


@dataclass
class CellError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    created: int = 0

    @property
    def ok(self):
        return not self.errors


class ImportFileError(Exception):
    """The file as a whole cannot be read (not an .xlsx, no header, too many rows)."""


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def read_rows(file, columns):
    """Yield (excel_row_number, {key: text}) for each non-empty row; check the header first."""
    from openpyxl import load_workbook
    from zipfile import BadZipFile

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("The file is not a readable Excel (.xlsx) workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise ImportFileError(_("The first sheet is empty: the first row must hold the column titles."))
    header = [_cell_text(h).rstrip("*＊").strip() for h in header]
    positions = {}
    for column in columns:
        for index, title in enumerate(header):
            if title in column.headers:
                positions[column.key] = index
                break
        else:
            if column.required:
                raise ImportFileError(
                    _("The column “%(column)s” is missing from the first row.") % {"column": column.headers[0]})
    count = 0
    for number, values in enumerate(rows, start=2):
        texts = {key: _cell_text(values[pos]) if pos < len(values) else "" for key, pos in positions.items()}
        if not any(texts.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
        yield number, texts


class SheetImporter:
    """Subclasses declare `columns`, and write `check_row` and `create`."""

    columns: list = []
    title = gettext_lazy("records")

    def __init__(self):
        self.errors = []

    def error(self, row, column_key, message):
        column = next(c for c in self.columns if c.key == column_key)
        self.errors.append(CellError(row, column.headers[0], str(message)))

    def parse_row(self, number, texts):
        values = {}
        for column in self.columns:
            text = texts.get(column.key, "")
            if not text:
                if column.required:
                    self.error(number, column.key, _("This cell is required."))
                values[column.key] = None if column.parse else ""
                continue
            if column.parse:
                try:
                    values[column.key] = column.parse(text)
                except ValidationError as exc:
                    self.error(number, column.key, " ".join(exc.messages))
                    values[column.key] = None
            else:
                values[column.key] = text
        return values

    def check_row(self, number, values):
        """Cross-field and database checks; record errors with self.error. Returns the row to create."""
        return values

    def finish_checks(self):
        """Checks over the whole file (e.g. one query for every key already in the database)."""

    def create(self, rows):
        """Write all rows (already valid). Runs inside the import transaction. Returns the count."""
        raise NotImplementedError

    def run(self, file):
        result = ImportResult()
        try:
            parsed = []
            for number, texts in read_rows(file, self.columns):
                values = self.parse_row(number, texts)
                parsed.append((number, self.check_row(number, values)))
        except ImportFileError as exc:
            result.errors.append(CellError(0, "-", str(exc)))
            return result
        self.finish_checks()
        if not parsed and not self.errors:
            result.errors.append(CellError(0, "-", _("The file has no data rows.")))
            return result
        result.errors = sorted(self.errors, key=lambda e: e.row)
        if result.errors:
            return result
        with transaction.atomic():
            result.created = self.create([row for _number, row in parsed])
        return result


def template_workbook(importer):
    """An .xlsx with the header row and a help row, for staff to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.headers[0] + ("*" if c.required else "") for c in importer.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Strip the * again on reading: accept both forms.
    return workbook


def choice_parser(choices):
    """Accept a choice by its code, its Chinese label or its English label."""
    lookup = {}
    for code, label in choices.choices:
        lookup[code.lower()] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = code

    def parse(text):
        code = lookup.get(text.strip().lower())
        if code is None:
            with translation.override(translation.get_language()):
                allowed = "、".join(str(label) for _c, label in choices.choices)
            raise ValidationError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return code

    return parse
