import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from congress_portal.dashboard import sections
from congress_portal.reports import documents


def test_a_name_cannot_be_registered_twice_for_two_documents():
    first = documents.Document(name="x_test_doc", help="", render=lambda subject, options: b"")
    documents.register(first)
    documents.register(first)  # the same registration again (a second ready()) is harmless
    with pytest.raises(ValueError):
        documents.register(documents.Document(name="x_test_doc", help="", render=lambda s, o: b"%PDF"))
    documents._DOCUMENTS.pop("x_test_doc")


def test_export_pdf_writes_a_registered_document_and_says_why_it_cannot(tmp_path):
    def render(subject, options):
        if subject != "7":
            raise documents.DocumentUnavailable("没有编号为“%s”的文书。" % subject)
        return b"%PDF-1.7 test"

    documents.register(documents.Document(name="x_test_doc2", help="", render=render))
    try:
        out = tmp_path / "a.pdf"
        call_command("export_pdf", "x_test_doc2", "7", "--out", str(out))
        assert out.read_bytes() == b"%PDF-1.7 test"
        with pytest.raises(CommandError, match="没有编号为“8”的文书"):
            call_command("export_pdf", "x_test_doc2", "8", "--out", str(tmp_path / "b.pdf"))
        assert not (tmp_path / "b.pdf").exists()
    finally:
        documents._DOCUMENTS.pop("x_test_doc2")


def test_sections_come_in_order_and_give_the_change_from_last_year():
    saved = dict(sections._PROVIDERS)
    sections._PROVIDERS.clear()
    try:
        sections.register("b", lambda year: sections.Section("b", "B", [sections.Figure("n", "N", 5, 3)]), order=2)
        sections.register("a", lambda year: sections.Section("a", "A", [sections.Figure("n", "N", year, None)]),
                          order=1)
        built = sections.year_sections(2026)
        assert [s.code for s in built] == ["a", "b"]
        assert sections.change(built[1].figure("n")) == 2
        assert sections.change(built[0].figure("n")) is None
    finally:
        sections._PROVIDERS.clear()
        sections._PROVIDERS.update(saved)
