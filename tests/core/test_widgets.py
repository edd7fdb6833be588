"""The one-pass select: the markup of Django's Select, the chosen option marked, labels escaped."""

from congress_portal.core.widgets import PlainSelect


def test_plain_select_marks_the_chosen_option_and_escapes_labels():
    widget = PlainSelect(choices=[("", "---------"), (1, "区住更局"), (2, "<script>alert(1)</script>")],
                         attrs={"class": "form-select", "aria-invalid": "true"})
    html = widget.render("unit", 2, {"id": "id_unit"})
    opening = html[:html.index(">") + 1]
    for attribute in ('class="form-select"', 'aria-invalid="true"', 'id="id_unit"', 'name="unit"'):
        assert attribute in opening
    assert '<option value="1">区住更局</option>' in html
    assert '<option value="2" selected>&lt;script&gt;alert(1)&lt;/script&gt;</option>' in html
    assert html.count(" selected") == 1 and "<script>" not in html
    assert '<option value="" selected>—</option><option value="1">甲</option>' in PlainSelect(
        choices=[("", "—"), (1, "甲")]).render("unit", None)  # as Django marks the empty choice


def test_plain_checkbox_list_labels_each_box_marks_the_chosen_and_escapes_labels():
    from congress_portal.core.widgets import PlainCheckboxList

    widget = PlainCheckboxList(choices=[(1, "区住更局"), (2, "<script>alert(1)</script>")],
                               attrs={"class": "check-list"})
    html = widget.render("units", [2], {"id": "id_units"})
    assert html.startswith('<div class="check-list" id="id_units">')
    assert ('<input class="form-check-input" type="checkbox" name="units" id="id_units_0" value="1">'
            '<label class="form-check-label" for="id_units_0">区住更局</label>') in html
    assert 'id="id_units_1" value="2" checked><label class="form-check-label" for="id_units_1">&lt;script&gt;' in html
    assert html.count(" checked") == 1 and "<script>" not in html
