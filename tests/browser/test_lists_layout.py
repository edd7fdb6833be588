"""Issue 18.16 (layout): the public deputies' directory at 390 px and on the desktop."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport,name", [(PHONE, "phone"), (None, "desktop")])
def test_directory_names_stay_on_one_line(page_for, screenshot, viewport, name):
    for deputy_name, occupation in (("欧阳建国", "武汉市武昌区积玉桥街道党工委书记、办事处主任"),
                                    ("张伟", "湖北省武汉市第十四中学高级教师、教研组长"),
                                    ("司马晓燕", "武昌区中南路街道社区卫生服务中心主任医师")):
        factories.DeputyFactory(name=deputy_name, occupation=occupation)
    page = page_for(viewport=viewport)
    page.goto("/deputies/")
    names = page.locator("#deputy-directory .deputy-name")
    assert names.count() == 3
    line = None
    for i in range(names.count()):
        box = names.nth(i).bounding_box()
        font = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 24", names.nth(i).element_handle())
        # One line: a name is never taller than a tap target or its line; never one character wide.
        assert box["height"] <= max(44, font) + 1 and box["width"] > 30, (name, box)
        assert box["height"] >= 44 or viewport is None  # a phone's tap target
        line = box
    assert line is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"deputies-directory-{name}")
