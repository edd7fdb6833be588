import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from congress_portal.accounts.models import User
from congress_portal.organization.importing import HandlingUnitImporter, UnitOfficerImporter
from congress_portal.organization.models import HandlingUnit
from deputies.importing import DeputyImporter
from deputies.models import Deputy
from tests.factories import DeputyFactory, DeputyGroupFactory, LiaisonStationFactory

HEADER = ["姓名", "性别", "身份证号", "手机", "代表层级", "代表小组", "选区", "联络站", "工作单位及职务", "状态"]
GOOD_ID = "420106198001010015"  # check digit valid
GOOD_ID_2 = "420106198502030014"


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def register(db):
    DeputyGroupFactory(name="积玉桥街代表小组")
    LiaisonStationFactory(name="积玉桥街社区代表中心联络站")


def test_check_digit_fixture_is_valid():
    from congress_portal.core.validators import validate_id_number

    assert validate_id_number(GOOD_ID) == GOOD_ID
    assert validate_id_number(GOOD_ID_2) == GOOD_ID_2


@pytest.mark.django_db
def test_good_file_imports_every_row(register):
    result = DeputyImporter().run(xlsx([
        ["张伟", "男", GOOD_ID, "13912345678", "区级", "积玉桥街代表小组", "第1选区", "积玉桥街社区代表中心联络站", "社区书记", "在任"],
        ["刘芳", "女", GOOD_ID_2, "", "市级", "积玉桥街代表小组", "", "", "", ""],
    ]))
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2
    zhang = Deputy.objects.get(name="张伟")
    assert zhang.gender == "M" and zhang.level == "district" and zhang.station.name.startswith("积玉桥")
    assert Deputy.objects.get(name="刘芳").level == "city"


@pytest.mark.django_db
def test_bad_file_imports_nothing_and_lists_every_bad_cell(register):
    DeputyFactory(id_number=GOOD_ID_2)
    before = Deputy.objects.count()
    result = DeputyImporter().run(xlsx([
        ["", "男", GOOD_ID, "13912345678", "区级", "积玉桥街代表小组", "", "", "", ""],  # missing name
        ["李强", "男", "420106198001010011", "123", "区长", "不存在的小组", "", "不存在的站", "", ""],  # 5 bad cells
        ["王磊", "男", GOOD_ID, "", "区级", "", "", "", "", ""],  # same ID as row 2
        ["赵敏", "女", GOOD_ID_2, "", "区级", "", "", "", "", ""],  # ID already registered
    ]))
    assert not result.ok
    assert Deputy.objects.count() == before
    cells = {(e.row, e.column) for e in result.errors}
    assert cells == {
        (2, "姓名"),
        (3, "身份证号"), (3, "手机"), (3, "代表层级"), (3, "代表小组"), (3, "联络站"),
        (4, "身份证号"),
        (5, "身份证号"),
    }
    texts = " ".join(str(e) for e in result.errors)
    assert "必填" in texts and "校验码" in texts and "已登记" in texts and "第 2 行" in texts


@pytest.mark.django_db
def test_not_an_excel_file_is_refused_in_chinese():
    result = DeputyImporter().run(io.BytesIO(b"<script>alert(1)</script>"))
    assert not result.ok
    assert "Excel" in str(result.errors[0])


@pytest.mark.django_db
def test_missing_required_column_is_reported(register):
    result = DeputyImporter().run(xlsx([["张伟"]], header=["姓名"]))
    assert not result.ok and "代表层级" in str(result.errors[0])


@pytest.mark.django_db
def test_officers_with_an_unknown_unit_import_nothing():
    HandlingUnit.objects.create(code="U001", name="区教育局")
    result = UnitOfficerImporter().run(xlsx(
        [["edu1", "陈静", "13800000000", "区教育局"], ["x1", "杨洋", "", "区不存在局"]],
        header=["登录名", "姓名", "手机", "所属单位"]))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "所属单位")]
    assert not User.objects.filter(username="edu1").exists()


@pytest.mark.django_db
def test_units_import_and_duplicate_code():
    header = ["单位编码", "单位名称", "简称", "类别"]
    assert HandlingUnitImporter().run(xlsx([["U1", "区教育局", "教育局", "政府部门"]], header=header)).created == 1
    result = HandlingUnitImporter().run(xlsx([["U1", "区民政局", "", ""], ["U2", "区民政局", "", "人民法院"]],
                                             header=header))
    assert {(e.row, e.column) for e in result.errors} == {(2, "单位编码"), (3, "单位名称")}
    assert HandlingUnit.objects.count() == 1


@pytest.mark.django_db
def test_admin_import_page(client, staff_user, register):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(codename__in=["add_deputy", "view_deputy"]))
    client.force_login(staff_user)
    url = reverse("admin:deputies_deputy_import")
    assert client.get(url).status_code == 200
    template = client.get(reverse("admin:deputies_deputy_import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = SimpleUploadedFile("d.xlsx", xlsx([["", "", "", "", "", "", "", "", "", ""] + ["x"]]).read())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "未导入任何数据" in response.content.decode()
    good = SimpleUploadedFile("d.xlsx", xlsx([["张伟", "", GOOD_ID, "", "区级", "", "", "", "", ""]]).read())
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert Deputy.objects.filter(name="张伟").exists()


@pytest.mark.django_db
def test_admin_import_refused_without_permission(client, deputy_user):
    client.force_login(deputy_user)
    response = client.get(reverse("admin:deputies_deputy_import"))
    assert response.status_code == 302  # the admin sends non-staff users to its login


@pytest.mark.django_db
def test_import_without_a_file_says_so_in_chinese(client, staff_user):
    """Issue 18.5: a POST with no file chosen (the browser sends the CSRF token alone) answers with a
    Chinese error by the file field, and the input no longer relies on the browser's own bubble."""
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(codename__in=["add_deputy", "view_deputy"]))
    client.force_login(staff_user)
    url = reverse("admin:deputies_deputy_import")
    assert " required" not in client.get(url).content.decode().split('type="file"')[1].split(">")[0]
    response = client.post(url, {"csrfmiddlewaretoken": "x"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "请选择要导入的Excel文件（.xlsx）。" in page and "未导入任何数据" in page
    response = client.post(url, {})
    assert response.status_code == 400 and "请选择要导入的Excel文件（.xlsx）。" in response.content.decode()
