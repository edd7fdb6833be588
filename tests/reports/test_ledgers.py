import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from tests.conftest import client_for

from .builders import make_suggestion

pytestmark = pytest.mark.django_db


def load(response):
    assert response.status_code == 200, response.content[:200]
    return load_workbook(io.BytesIO(response.content))


def build(cast, unit, n, other_unit=None):
    today = timezone.localdate()
    for i in range(n):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit,
                        co_units=[other_unit] if other_unit else [], result="AB"[i % 2], rating="satisfied",
                        commitments=[("增设停车泊位", today + datetime.timedelta(days=10 - 20 * (i % 2)), None)])


def test_suggestions_ledger_has_header_frozen_and_dates(client, cast, unit, other_unit):
    build(cast, unit, 2, other_unit)
    wb = load(client_for(client, cast["staff"]).get("/reports/suggestions/ledger.xlsx"))
    ws = wb.active
    assert ws.freeze_panes == "A3"
    header = [c.value for c in ws[2]]
    assert header[:4] == ["序号", "编号", "案由", "类别"]
    assert ws[2][0].font.b
    assert ws.column_dimensions["C"].width > 30
    row = [c.value for c in ws[3]]
    assert row[0] == 1 and ws.cell(row=4, column=1).value == 2
    assert row[7] == unit.name and row[8] == other_unit.name
    assert isinstance(row[9], datetime.datetime) and ws[3][9].number_format == "yyyy-mm-dd"
    assert row[13] == "A类：已经解决或基本解决"


def test_commitments_ledger_states(client, cast, unit):
    build(cast, unit, 2)
    ws = load(client_for(client, cast["leader"]).get("/reports/commitments/ledger.xlsx")).active
    states = sorted(ws.cell(row=r, column=8).value for r in (3, 4))
    assert states == ["已逾期", "未到期"]


def test_ledger_queries_do_not_grow_with_rows(client, cast, unit, other_unit, django_assert_max_num_queries):
    c = client_for(client, cast["staff"])
    build(cast, unit, 2, other_unit)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        c.get("/reports/suggestions/ledger.xlsx")
    build(cast, unit, 12, other_unit)
    with django_assert_max_num_queries(len(small)):
        c.get("/reports/suggestions/ledger.xlsx")
    with django_assert_max_num_queries(4):
        c.get("/reports/commitments/ledger.xlsx")


def test_ledger_is_filtered_as_the_list_is(client, cast, unit, other_unit):
    build(cast, unit, 2)
    make_suggestion(deputy=cast["other_deputy"].deputy, staff=cast["staff"], unit=other_unit, title="关于学位紧张的建议")
    c = client_for(client, cast["staff"])
    ws = load(c.get(f"/reports/suggestions/ledger.xlsx?unit={other_unit.pk}")).active
    assert ws.max_row == 3 and ws.cell(row=3, column=3).value == "关于学位紧张的建议"
    ws = load(c.get("/reports/suggestions/ledger.xlsx?q=学位")).active
    assert ws.max_row == 3
    ws = load(c.get(f"/reports/suggestions/ledger.xlsx?deputy={cast['deputy'].deputy.pk}")).active
    assert ws.max_row == 4
    ws = load(c.get(f"/reports/commitments/ledger.xlsx?unit={other_unit.pk}")).active
    assert ws.max_row == 2


def test_invalid_filter_is_a_chinese_error(client, cast):
    response = client_for(client, cast["staff"]).get("/reports/suggestions/ledger.xlsx?year=abc&status=nope")
    assert response.status_code == 400
    text = response.content.decode()
    assert "筛选条件有误" in text and "年度" in text


@pytest.mark.parametrize("who", ["deputy", "unit_officer", "other_unit_officer"])
def test_outsiders_cannot_read_ledgers(client, cast, who):
    c = client_for(client, cast[who])
    assert c.get("/reports/suggestions/ledger.xlsx").status_code == 403
    assert c.get("/reports/commitments/ledger.xlsx").status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get("/reports/suggestions/ledger.xlsx").status_code == 302


def test_html_in_titles_stays_text_in_the_ledger(client, cast, unit):
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, title="=HYPERLINK(\"x\")<b>停车</b>")
    ws = load(client_for(client, cast["staff"]).get("/reports/suggestions/ledger.xlsx")).active
    cell = ws.cell(row=3, column=3)
    assert cell.value == "=HYPERLINK(\"x\")<b>停车</b>" and cell.data_type == "s"


def test_filter_form_by_year_and_overdue(cast, unit):
    from proposals.filters import SuggestionFilterForm
    from proposals.models import Suggestion

    today = timezone.localdate()
    late = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, status="handling",
                           reply_due=today - datetime.timedelta(days=1))
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, status="handling",
                    reply_due=today + datetime.timedelta(days=5))
    form = SuggestionFilterForm({"overdue": "on"})
    assert list(form.filter(Suggestion.objects.all())) == [late]
    year = late.registered_at.year
    assert SuggestionFilterForm({"year": str(year)}).filter(Suggestion.objects.all()).count() == 2
    assert SuggestionFilterForm({"year": str(year - 5)}).filter(Suggestion.objects.all()).count() == 0
    assert SuggestionFilterForm().filter(Suggestion.objects.all()).count() == 2
    assert not factories.HandlingUnitFactory._meta.model.objects.filter(pk=-1).exists()


def test_suggestions_ledger_never_lists_drafts(client, cast, unit):
    """A deputy's unsubmitted draft is the deputy's own: not in the ledger, filtered or not."""
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, title="已立案的建议")
    draft = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status="draft", title="草稿建议")
    draft.number = ""
    draft.save(update_fields=["number"])
    c = client_for(client, cast["staff"])
    for query in ("", "?status=draft", f"?deputy={cast['deputy'].deputy.pk}", "?q=草稿"):
        ws = load(c.get("/reports/suggestions/ledger.xlsx" + query)).active
        titles = [ws.cell(row=r, column=3).value for r in range(3, ws.max_row + 1)]
        assert "草稿建议" not in titles, query
    ws = load(c.get("/reports/suggestions/ledger.xlsx")).active
    assert [ws.cell(row=r, column=3).value for r in range(3, ws.max_row + 1)] == ["已立案的建议"]


def test_ledgers_have_a_title_row_filters_and_print_setup(client, cast, unit, settings):
    settings.CONGRESS_NAME = "武昌区人大常委会"
    build(cast, unit, 3)
    c = client_for(client, cast["staff"])
    for url, last_column in (("/reports/suggestions/ledger.xlsx", "Q"), ("/reports/commitments/ledger.xlsx", "K")):
        ws = load(c.get(url)).active
        title = ws["A1"].value
        assert title.startswith("武昌区人大常委会") and ("建议办理台账" in title or "承诺事项台账" in title)
        assert ws["A1"].font.b and ws["A1"].font.sz >= 14
        assert f"A1:{last_column}1" in [str(r) for r in ws.merged_cells.ranges]
        assert ws["A2"].value == "序号" and ws.max_column == ord(last_column) - ord("A") + 1
        assert ws.auto_filter.ref == f"A2:{last_column}{ws.max_row}"
        assert ws.freeze_panes == "A3"
        assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$2"
        assert "&P" in ws.oddFooter.center.text


def test_suggestions_ledger_has_sixteen_columns_after_its_number(client, cast, unit):
    build(cast, unit, 1)
    ws = load(client_for(client, cast["staff"]).get("/reports/suggestions/ledger.xlsx")).active
    header = [c.value for c in ws[2]]
    assert len(header) == 17 and header[0] == "序号"
    assert [c.value for c in ws[3]][0] == 1


def test_performance_table_prints_like_the_ledgers(client, cast):
    ws = load(client_for(client, cast["staff"]).get(reverse("deputies:performance_xlsx"))).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "A2"


def test_admin_list_offers_the_ledger_of_what_it_shows(client, cast, unit):
    from proposals.admin import ledger_url_for

    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, status="handling", title="在办的建议")
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, status="closed", title="办结的建议")
    c = client_for(client, cast["staff"])
    page = c.get(reverse("admin:proposals_suggestion_changelist") + "?status__exact=handling&o=2").content.decode()
    link = re.search(r'id="ledger-link"[^>]*|href="([^"]+)" id="ledger-link"', page)
    assert link, "no ledger link on the list"
    url = link.group(1).replace("&amp;", "&")
    assert url == reverse("reports:suggestions_ledger") + "?status=handling"
    ws = load(c.get(url)).active
    assert [ws.cell(row=r, column=3).value for r in range(3, ws.max_row + 1)] == ["在办的建议"]
    assert ledger_url_for({"is_key__exact": "1", "queue": "overdue", "kind__exact": "motion"}).endswith(
        "?key=on&overdue=on&kind=motion")
    assert ledger_url_for({"queue": "due_soon"}) is None  # a filter the ledger cannot repeat: no ledger offered
