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
