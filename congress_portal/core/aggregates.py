"""Aggregates for counting many groups at once."""

from django.db.models import Count


class IntCount(Count):
    """COUNT without Django's per-row conversion of its value to int.

    Django converts every aggregate's value in Python, row by row, for databases that return other
    types. PostgreSQL (psycopg2) and SQLite already return COUNT as an int: for the performance table of
    1,000 deputies the conversion was 4,600 rows of function calls, a tenth of the page's time.
    """

    @property
    def convert_value(self):
        return self._convert_value_noop
