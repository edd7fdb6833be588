import datetime
import io

import pytest
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
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["编号", "案由", "类别"]
    assert ws[1][0].font.b
    assert ws.column_dimensions["B"].width > 30
    row = [c.value for c in ws[2]]
    assert row[6] == unit.name and row[7] == other_unit.name
    assert isinstance(row[8], datetime.datetime) and ws[2][8].number_format == "yyyy-mm-dd"
    assert row[12] == "A类：已经解决或基本解决"


def test_commitments_ledger_states(client, cast, unit):
    build(cast, unit, 2)
    ws = load(client_for(client, cast["leader"]).get("/reports/commitments/ledger.xlsx")).active
    states = sorted(ws.cell(row=r, column=7).value for r in (2, 3))
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
    assert ws.max_row == 2 and ws.cell(row=2, column=2).value == "关于学位紧张的建议"
    ws = load(c.get("/reports/suggestions/ledger.xlsx?q=学位")).active
    assert ws.max_row == 2
    ws = load(c.get(f"/reports/suggestions/ledger.xlsx?deputy={cast['deputy'].deputy.pk}")).active
    assert ws.max_row == 3
    ws = load(c.get(f"/reports/commitments/ledger.xlsx?unit={other_unit.pk}")).active
    assert ws.max_row == 1


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
    cell = ws.cell(row=2, column=2)
    assert cell.value == "=HYPERLINK(\"x\")<b>停车</b>" and cell.data_type == "s"


def test_filter_form_by_year_and_overdue(cast, unit):
    from congress_portal.reports.filters import SuggestionFilterForm
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
