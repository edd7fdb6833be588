"""The zh_Hans catalogues are complete, and the compiled .mo files match them."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts)
# The admin script strings Django's own zh_Hans catalogue leaves in English (written by hand).
JS_CATALOGUES = [ROOT / "locale/zh_Hans/LC_MESSAGES/djangojs.po"]


def test_catalogues_exist():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_untranslated_or_fuzzy_strings(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES + JS_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_current(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"run `make messages`: {mo_path} is missing"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0, "")) for e in polib.mofile(str(mo_path))}
    for entry in polib.pofile(str(path)).translated_entries():
        expected = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert compiled.get((entry.msgctxt, entry.msgid)) == expected, f"run `make messages`: {entry.msgid!r} is stale"


def test_one_string_one_translation():
    """Django merges a language's catalogues into one (the project's locale/ first, then the apps in
    INSTALLED_APPS order): a string translated two ways in two catalogues reads the first one's way
    everywhere (a suggestion's 办结 had become 关闭, its 案由 标题). A string that must read differently
    takes a context (pgettext, {% translate "..." context "..." %})."""
    seen, clashes = {}, []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            first = seen.setdefault(key, (entry.msgstr, path))
            if first[0] != entry.msgstr:
                clashes.append(f"{entry.msgid!r} ({entry.msgctxt}): {first[0]!r} in {first[1].relative_to(ROOT)}, "
                               f"{entry.msgstr!r} in {path.relative_to(ROOT)}")
    assert not clashes, "\n".join(clashes)


def test_sources_have_no_string_missing_from_the_catalogues(tmp_path):
    """makemessages over a copy finds nothing that the committed catalogues lack."""
    import shutil
    import subprocess
    import sys

    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed (Debian package gettext)")
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "test-artifacts",
                                                               "*.sqlite3", "__pycache__"))
    subprocess.run(["bash", "scripts/messages.sh", sys.executable], cwd=copy, check=True, capture_output=True,
                   timeout=300)
    for po_path in copy.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        untranslated = [e.msgid for e in polib.pofile(str(po_path)).untranslated_entries()]
        assert not untranslated, f"{po_path.relative_to(copy)} lacks: {untranslated}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_their_placeholders(path):
    """msgfmt's format check: a translation that drops or renames %(name)s would crash at run time."""
    import shutil
    import subprocess

    if not shutil.which("msgfmt"):
        pytest.skip("gettext is not installed (Debian package gettext)")
    result = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_translation_call_hides_inside_an_f_string():
    """makemessages (xgettext) does not look inside f-strings: `f"{x or _('text')}"` is never extracted
    and shows in English whatever the language."""
    import re

    inside = re.compile(r"""\bf(["'])(?:(?!\1).)*\{[^}]*\b(?:_|gettext|pgettext|ngettext)\(""")
    offenders = []
    for path in ROOT.glob("**/*.py"):
        if {".venv", "tests", "migrations", "node_modules"} & set(path.relative_to(ROOT).parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if inside.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, offenders


PROJECT_APPS = ("congress_portal", "proposals", "deputies", "supervision", "appointments")


def test_every_field_and_model_has_a_chinese_name():
    """What the admin shows of a record (column heads, read-only fields, filters, messages) is the
    fields' and models' verbose names: one left to Django's default reads in English ("created at")."""
    import re

    from django.apps import apps
    from django.utils import translation

    cjk = re.compile(r"[\u4e00-\u9fff]")
    english = []
    with translation.override("zh-hans"):
        for model in apps.get_models():
            if not model.__module__.startswith(PROJECT_APPS):
                continue
            names = [(f.name, f.verbose_name) for f in model._meta.get_fields()
                     if not f.auto_created and hasattr(f, "verbose_name")]
            names += [("Meta.verbose_name", model._meta.verbose_name),
                      ("Meta.verbose_name_plural", model._meta.verbose_name_plural)]
            english += [f"{model._meta.label}.{name}: {label}" for name, label in names if not cjk.search(str(label))]
    assert not english, "\n".join(english)


def test_every_record_reads_in_chinese():
    """A record's name (the admin's titles, breadcrumbs, checkboxes, related fields) is never Django's
    English "Reply object (133)"."""
    from django.apps import apps
    from django.db import models

    from congress_portal.core.models import RecordNameMixin

    nameless = [model._meta.label for model in apps.get_models()
                if model.__module__.startswith(PROJECT_APPS) and model.__str__ is models.Model.__str__]
    assert not nameless, nameless

    from django.utils import translation

    from proposals.models import Reply

    with translation.override("zh-hans"):
        assert str(Reply(pk=133)) == "答复函 #133"
    assert issubclass(Reply, RecordNameMixin)
