"""The documents `manage.py export_pdf` writes, registered by the apps that own them.

The platform knows no document: each app registers its own from its AppConfig.ready():

    from congress_portal.reports import documents

    def _add_round(parser):
        parser.add_argument("--round", type=int, help="The handling round (default: the latest).")

    def _render_reply_letter(subject, options):
        suggestion = letters.suggestion_for_letters(subject)
        if suggestion is None:
            raise documents.DocumentUnavailable(_("No suggestion has the id or number “%(id)s”.") % ...)
        return letters.render_letter("reply_letter", letters.reply_letter_context(suggestion, options["round"]))

    documents.register(documents.Document(
        name="reply_letter", help="A suggestion's reply letter (答复函).",
        subject_help="the suggestion's primary key or registration number",
        render=_render_reply_letter, add_arguments=_add_round))

`render(subject, options)` gets the subject as typed (an id, a number, a year ...) and the command's
options as a dict, returns the PDF's bytes, and raises `DocumentUnavailable` with a Chinese message when
the subject does not exist or the document cannot be made yet. `add_arguments(parser)` adds the document's
own optional arguments (their names must not clash with another document's).
"""

from dataclasses import dataclass
from typing import Callable, Optional

_DOCUMENTS = {}


class DocumentUnavailable(Exception):
    """The document cannot be made: no such subject, or not yet (the message says why, in Chinese)."""


@dataclass(frozen=True)
class Document:
    name: str
    help: str
    render: Callable[[str, dict], bytes]
    subject_help: str = ""
    add_arguments: Optional[Callable] = None


def register(document):
    if not document.name or " " in document.name:
        raise ValueError("a document needs a name without spaces")
    if document.name in _DOCUMENTS and _DOCUMENTS[document.name] != document:
        raise ValueError(f"the document {document.name!r} is registered twice")
    _DOCUMENTS[document.name] = document
    return document


def get(name):
    return _DOCUMENTS.get(name)


def all_documents():
    return [_DOCUMENTS[name] for name in sorted(_DOCUMENTS)]
