"""The performance file (履职档案): figures from the data, the staff table, Excel, the yearly booklet."""

import datetime
import io
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from deputies import selectors, services
from deputies.models import Activity, Attendance, Reception
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def busy_deputy(deputy_user, staff_user):
    deputy = deputy_user.deputy
    day = datetime.date(YEAR, 1, 20)
    for kind in (Activity.Kind.ACTIVITY_DAY, Activity.Kind.TRAINING, Activity.Kind.REPORT_BACK):
        activity = Activity.objects.create(kind=kind, title=f"{kind}活动", date=day, appraisal="选民满意")
        Attendance.objects.create(activity=activity, deputy=deputy, attended=True)
    skipped = Activity.objects.create(kind=Activity.Kind.INSPECTION, title="视察", date=day)
    Attendance.objects.create(activity=skipped, deputy=deputy, attended=False)
    last_year = Activity.objects.create(kind=Activity.Kind.TRAINING, title="去年", date=datetime.date(YEAR - 1, 5, 1))
    Attendance.objects.create(activity=last_year, deputy=deputy, attended=True)
    reception = Reception.objects.create(station=deputy.station, date=day, visitors=12)
    reception.deputies.add(deputy)
    answered = services.opinion_submit(text="路灯坏了", deputy=deputy)
    services.opinion_answer(opinion=answered, actor=deputy_user, answer="已修")
    services.opinion_submit(text="加装电梯", deputy=deputy)
    return deputy


def test_figures_come_from_the_data(busy_deputy):
    perf = selectors.performance_table(YEAR, deputies=[busy_deputy])[0]
    assert (perf.opinions, perf.opinions_answered, perf.receptions) == (2, 1, 1)
    assert (perf.activity_days, perf.training, perf.report_back, perf.activity_total) == (1, 1, 1, 3)


def test_staff_table_has_a_fixed_number_of_queries(client, staff_user, busy_deputy, django_assert_num_queries):
    client.force_login(staff_user)
    url = reverse("deputies:performance_table") + "?sort=opinions&desc=1"
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert busy_deputy.name in page
    # Within five minutes the figures come from the cache: only the session, the user and the bell.
    with django_assert_num_queries(3):
        client.get(url)
    for _i in range(5):
        factories.DeputyFactory()
    cache.delete(selectors.performance_cache_key(YEAR))
    with django_assert_num_queries(9):
        client.get(url)


def test_staff_table_keeps_its_figures_five_minutes_and_says_so(client, staff_user, busy_deputy):
    client.force_login(staff_user)
    url = reverse("deputies:performance_table") + f"?year={YEAR}&sort=activity_total&desc=1"

    def first_row():
        page = client.get(url).content.decode()
        assert "统计截至" in page and "每五分钟更新一次" in page
        return page.split("<tbody>")[1].split("</tr>")[0]

    assert busy_deputy.name in first_row() and ">3<" in first_row()
    activity = Activity.objects.create(kind=Activity.Kind.INSPECTION, title="新的视察", date=datetime.date(YEAR, 3, 1))
    Attendance.objects.create(activity=activity, deputy=busy_deputy, attended=True)
    assert ">4<" not in first_row()  # kept: the page says as of when
    # The deputy's own file is always counted afresh.
    assert selectors.performance_file(busy_deputy, YEAR)["perf"].activity_total == 4
    cache.delete(selectors.performance_cache_key(YEAR))  # what the five minutes' expiry does
    assert ">4<" in first_row()


def test_cached_figures_are_the_counted_ones_in_every_order(busy_deputy, other_deputy_user):
    counted, first_at = selectors.cached_performance_table(YEAR)
    busiest, at = selectors.cached_performance_table(YEAR, sort="activity_total", descending=True)
    again, _at = selectors.cached_performance_table(YEAR)
    assert at == first_at  # the second and third calls read the cache
    assert counted == again == selectors.performance_table(YEAR)
    assert busiest == selectors.performance_table(YEAR, sort="activity_total", descending=True)
    assert busiest[0].deputy.pk == busy_deputy.pk and busiest[0].activity_total == 3


def test_table_leaves_out_deputies_no_longer_serving_with_their_figures(busy_deputy, other_deputy_user):
    from deputies.models import Deputy

    Deputy.objects.filter(pk=busy_deputy.pk).update(status=Deputy.Status.RESIGNED)
    rows = {p.deputy.pk: p for p in selectors.performance_table(YEAR)}
    assert busy_deputy.pk not in rows
    assert rows[other_deputy_user.deputy_id].activity_total == rows[other_deputy_user.deputy_id].opinions == 0


def test_sorting_puts_the_busiest_first(busy_deputy, other_deputy_user):
    rows = selectors.performance_table(YEAR, sort="activity_total", descending=True)
    assert rows[0].deputy.pk == busy_deputy.pk


def test_excel_export(client, leader_user, busy_deputy):
    client.force_login(leader_user)
    response = client.get(reverse("deputies:performance_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "姓名"
    mine = next(r for r in rows if r[0] == busy_deputy.name)
    assert mine[8:10] == (2, 1)


def test_excel_export_never_turns_a_name_into_a_formula(client, leader_user):
    evil = factories.DeputyFactory(name='=HYPERLINK("http://x","点我")')
    client.force_login(leader_user)
    response = client.get(reverse("deputies:performance_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == evil.name)
    assert cell.data_type == "s"


def test_a_deputy_sees_their_own_file_only(client, deputy_user, other_deputy_user, busy_deputy):
    client.force_login(deputy_user)
    assert client.get(reverse("deputies:my_performance"), follow=True).status_code == 200
    assert client.get(reverse("deputies:performance_file", args=[busy_deputy.pk, YEAR])).status_code == 200
    client.force_login(other_deputy_user)
    assert client.get(reverse("deputies:performance_file", args=[busy_deputy.pk, YEAR])).status_code == 404
    assert client.get(reverse("deputies:performance_booklet", args=[busy_deputy.pk, YEAR])).status_code == 404
    assert client.get(reverse("deputies:performance_xlsx")).status_code == 403


def test_deputy_workbench_shows_opinions_activities_and_performance(client, deputy_user, busy_deputy,
                                                                    django_assert_max_num_queries):
    coming = Activity.objects.create(kind=Activity.Kind.ACTIVITY_DAY, title="下月活动日",
                                     date=timezone.localdate() + datetime.timedelta(days=5))
    Attendance.objects.create(activity=coming, deputy=busy_deputy)
    client.force_login(deputy_user)
    with django_assert_max_num_queries(15):  # + the open votes card (meetings)
        page = client.get(reverse("accounts:home")).content.decode()
    assert "待处理的群众意见" in page and "下月活动日" in page and "本年度履职情况" in page


def test_deputy_confirms_their_own_attendance_only(client, deputy_user, other_deputy_user, busy_deputy):
    activity = Activity.objects.create(kind=Activity.Kind.ACTIVITY_DAY, title="活动日", date=timezone.localdate())
    mine = Attendance.objects.create(activity=activity, deputy=busy_deputy)
    client.force_login(other_deputy_user)
    assert client.post(reverse("deputies:confirm_attendance", args=[mine.pk])).status_code == 404
    client.force_login(deputy_user)
    assert "活动日" in client.get(reverse("deputies:my_activities")).content.decode()
    assert client.post(reverse("deputies:confirm_attendance", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.confirmed_at and mine.attended


def _pdf_to_png(pdf_bytes, tmp_path, name, resolution=60):
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "2", str(pdf), str(tmp_path / name)],
                   check=True, timeout=60)
    return sorted(tmp_path.glob(f"{name}*.png"))


def test_booklet_pdf_renders_chinese(client, staff_user, busy_deputy, tmp_path):
    """Its speed is the bench's business (bench/bench_deputies.py, the yearly booklet row), not a test's."""
    from pypdf import PdfReader

    from tests.browser_fixtures import ARTIFACTS

    client.force_login(staff_user)
    url = reverse("deputies:performance_booklet", args=[busy_deputy.pk, YEAR])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "人大代表履职档案" in text and busy_deputy.name in text and "履职课堂" in text
    pngs = _pdf_to_png(response.content, tmp_path, "booklet")
    assert pngs
    ARTIFACTS.mkdir(exist_ok=True)
    for i, png in enumerate(pngs):
        (ARTIFACTS / f"deputies-booklet-{i + 1}.png").write_bytes(png.read_bytes())


def test_qr_sheet_pdf_has_scannable_codes(client, staff_user, deputy_user, tmp_path, settings):
    import zxingcpp
    from PIL import Image

    from tests.browser_fixtures import ARTIFACTS

    station = deputy_user.deputy.station
    client.force_login(staff_user)
    response = client.get(reverse("deputies:station_qr_sheet", args=[station.pk]))
    assert response["Content-Type"] == "application/pdf"
    png = _pdf_to_png(response.content, tmp_path, "sheet", resolution=150)[0]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "deputies-qr-sheet.png").write_bytes(png.read_bytes())
    decoded = {r.text for r in zxingcpp.read_barcodes(Image.open(png))}
    base = settings.PORTAL_BASE_URL.rstrip("/")
    assert base + reverse("deputies:station_public", args=[station.public_code]) in decoded
    assert base + reverse("deputies:deputy_public", args=[deputy_user.deputy.public_code]) in decoded


@pytest.mark.parametrize("role", ["deputy", "unit_officer", "leader"])
def test_qr_sheet_is_refused_to_others(client, cast, role):
    client.force_login(cast[role])
    station = cast["deputy"].deputy.station
    assert client.get(reverse("deputies:station_qr_sheet", args=[station.pk])).status_code == 403


def test_absence_only_for_activities_over_and_no_longer_confirmable(client, deputy_user, busy_deputy):
    """Issue 18.8: future activities are upcoming, one the deputy may still confirm is pending; only an
    activity that is over, not attended and past the confirmation window reads 缺席."""
    today = timezone.localdate()
    soon = Activity.objects.create(kind=Activity.Kind.ACTIVITY_DAY, title="将来的活动日",
                                   date=today + datetime.timedelta(days=10))
    Attendance.objects.create(activity=soon, deputy=busy_deputy)
    ahead = Activity.objects.create(kind=Activity.Kind.TRAINING, title="已报名的培训",
                                    date=today + datetime.timedelta(days=3))
    confirmed_ahead = Attendance.objects.create(activity=ahead, deputy=busy_deputy)
    recent = Activity.objects.create(kind=Activity.Kind.INSPECTION, title="上周视察",
                                     date=today - datetime.timedelta(days=7))
    pending = Attendance.objects.create(activity=recent, deputy=busy_deputy)
    client.force_login(deputy_user)
    client.post(reverse("deputies:confirm_attendance", args=[confirmed_ahead.pk]))
    by_title = {a.activity.title: a.current for a in selectors.performance_file(busy_deputy, today.year)["attendances"]}
    if soon.date.year == today.year:
        assert by_title["将来的活动日"] == Attendance.Standing.UPCOMING
    if ahead.date.year == today.year:
        assert by_title["已报名的培训"] == Attendance.Standing.UPCOMING
    if recent.date.year == today.year:
        assert by_title["上周视察"] == Attendance.Standing.TO_CONFIRM
    if today.month > 2:  # the fixture's January inspection is past its confirmation window
        assert by_title["视察"] == Attendance.Standing.ABSENT
    # The confirmed-ahead training is not counted as attended before its day.
    assert selectors.performance_table(today.year, deputies=[busy_deputy])[0].training == 1
    page = client.get(reverse("deputies:performance_file", args=[busy_deputy.pk, today.year])).content.decode()
    assert page.count("（缺席）") + page.count("(缺席)") == (1 if today.month > 2 else 0)
    assert "待确认" in page or recent.date.year != today.year
    # The page that offers to confirm it lets the deputy confirm it; after the window it may not.
    activities = client.get(reverse("deputies:my_activities")).content.decode()
    assert reverse("deputies:confirm_attendance", args=[pending.pk]) in activities
    old = Attendance.objects.get(activity__title="视察")
    assert reverse("deputies:confirm_attendance", args=[old.pk]) not in activities
    client.post(reverse("deputies:confirm_attendance", args=[old.pk]))
    old.refresh_from_db()
    assert not old.attended and old.confirmed_at is None
    client.post(reverse("deputies:confirm_attendance", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.attended
