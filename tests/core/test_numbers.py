"""Issue 12.5: every number read from an address or a query string goes through one parser (404 otherwise)."""

import pytest
from django.http import Http404
from django.urls import reverse

from congress_portal.core.models import DeadlineSetting
from congress_portal.core.numbers import MAX_ID, int_or_none, param_int, parse_int, parse_year
from tests import factories

ODD = ["²", "①", "٣", " 7", "7 ", "+7", "-7", "1_000", "7.0", "0x1f", "", "99999999999999999999999", "1e3"]


@pytest.mark.parametrize("text", ODD)
def test_anything_but_plain_ascii_digits_is_refused(text):
    assert int_or_none(text) is None
    with pytest.raises(Http404):
        parse_int(text)


def test_ranges_apply():
    assert parse_int("1") == 1 and parse_int(str(MAX_ID)) == MAX_ID and parse_int("0", minimum=0) == 0
    for text in ("0", str(MAX_ID + 1)):
        with pytest.raises(Http404):
            parse_int(text)
    assert parse_year("2026") == 2026
    for text in ("1999", "2101", "0", "99999"):
        with pytest.raises(Http404):
            parse_year(text)
    assert param_int({}, "x", default=5) == 5 and param_int({"x": ""}, "x") is None
    assert param_int({"x": "12"}, "x") == 12


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["group=²", "group=99999999999999999999999", "group=-1", "group=0"])
def test_deputies_directory_refuses_odd_groups(client, query):
    assert client.get(f"/deputies/?{query}").status_code == 404


@pytest.mark.django_db
def test_deputies_directory_still_filters_by_group(client, deputy_user, other_deputy_user):
    group = deputy_user.deputy.group
    page = client.get(f"/deputies/?group={group.pk}").content.decode()
    assert deputy_user.deputy.name in page and f'value="{group.pk}" selected' in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/reports/suggestions/1/assignment-notice.pdf?unit=²",
                                  "/reports/suggestions/1/assignment-notice.pdf?unit=99999999999999999999999",
                                  "/reports/suggestions/1/reply-letter.pdf?round=²",
                                  "/reports/suggestions/1/reply-letter.pdf?round=100"])
def test_letters_refuse_odd_units_and_rounds(client, staff_user, path):
    client.force_login(staff_user)
    assert client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["99999", "0", "1999", "2101", "00002026x"])
@pytest.mark.parametrize("page", ["performance_file", "performance_booklet"])
def test_performance_files_refuse_years_out_of_range(client, staff_user, deputy_user, year, page):
    client.force_login(staff_user)
    url = reverse(f"deputies:{page}", args=[deputy_user.deputy.pk, 2026]).replace("/2026/", f"/{year}/")
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_performance_file_of_a_year_in_range_still_opens(client, staff_user, deputy_user):
    client.force_login(staff_user)
    assert client.get(reverse("deputies:performance_file", args=[deputy_user.deputy.pk, 2026])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["year=²", "year=99999999999999999999999", "year=1999"])
@pytest.mark.parametrize("page", ["deputies:performance_table", "deputies:performance_xlsx", "deputies:station_list"])
def test_staff_year_filters_refuse_odd_years(client, staff_user, page, query):
    client.force_login(staff_user)
    assert client.get(f"{reverse(page)}?{query}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["year=²", "year=99999999999999999999999"])
def test_leaders_key_list_refuses_odd_years(client, leader_user, query):
    client.force_login(leader_user)
    assert client.get(f"{reverse('proposals:key_list')}?{query}").status_code == 404
    assert client.get(f"{reverse('proposals:key_list')}?year=2026").status_code == 200


@pytest.mark.django_db
def test_reminder_days_ignore_odd_digits():
    setting = DeadlineSetting.objects.first()
    setting.reminder_days = "7,²,3，①,1"
    assert setting.reminder_offsets() == [7, 3, 1]


@pytest.mark.django_db
def test_letters_lookup_by_odd_text_finds_nothing():
    from proposals.letters import suggestion_for_letters

    factories.HandlingUnitFactory()
    assert suggestion_for_letters("²") is None
