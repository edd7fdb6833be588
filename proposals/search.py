"""Finding suggestions by a piece of their title or number, fast on PostgreSQL.

Chinese has no spaces between words and searches are short (停车, 加装电梯), so neither PostgreSQL's
word-based full-text search nor trigrams (which need three characters) help. Instead each suggestion
keeps the distinct characters and character bigrams of its lower-cased title and number in
`search_bigrams`: a `tsvector` column on PostgreSQL (`'停' '停车' '车' '车位' …`, written by us, never
parsed by a text-search configuration) with a GIN index (migration 0005); plain text on SQLite.
A search for 停车位 asks the index for the rows that have both '停车' and '车位', then checks those
few rows with the exact substring test; for one or two characters the index answer is already exact.
On SQLite the substring test works alone.
"""

from django.db import connection, models
from django.db.models import BooleanField, Func, Q, Value


class BigramVectorField(models.TextField):
    """A `tsvector` on PostgreSQL, text elsewhere; the value is a tsvector literal (see bigram_vector)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else super().db_type(connection)

    def cast_db_type(self, connection):
        return self.db_type(connection)


def _grams(text):
    """The distinct characters and character bigrams of `text`, lower-cased (whitespace included, as the
    substring test includes it)."""
    text = (text or "").lower()
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def _query_grams(text):
    """What a search for `text` asks the index for: its bigrams, or the character itself."""
    text = text.lower()
    return {text} if len(text) == 1 else {text[i:i + 2] for i in range(len(text) - 1)}


def _quote(lexeme):
    # The tsvector/tsquery literal syntax: a quoted lexeme, with quotes doubled and backslashes escaped.
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def bigram_vector(title, number):
    """The value of `Suggestion.search_bigrams` for this title and number."""
    return " ".join(_quote(g) for g in sorted(_grams(title) | _grams(number)))


class _BigramsMatch(Func):
    """`search_bigrams @@ <query>::tsquery`, which the GIN index answers."""

    arg_joiner = " @@ "
    template = "(%(expressions)s::tsquery)"
    output_field = BooleanField()


def title_or_number_q(text):
    """The condition "the title or the number contains `text`" (case-insensitive), for filter() or to
    combine with others."""
    text = text.strip()
    exact = Q(title__icontains=text) | Q(number__icontains=text)
    if connection.vendor != "postgresql" or not text:
        return exact
    query = " & ".join(_quote(g) for g in sorted(_query_grams(text)))
    match = Q(_BigramsMatch("search_bigrams", Value(query)))
    # Up to two characters the index answer is exact; the extra test would only spoil the planner's
    # row estimate (and with it the plan).
    return match if len(text) <= 2 else match & exact


def title_or_number_contains(queryset, text):
    """Suggestions whose title or number contains `text` (case-insensitive)."""
    return queryset.filter(title_or_number_q(text))


def all_words_q(words):
    """Title or number contains every one of `words` (the words of a list's search box)."""
    q = Q()
    for word in words:
        q &= title_or_number_q(word)
    return q
