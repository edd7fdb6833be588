"""Static files under the production storage (whitenoise's compressed manifest)."""

import json
import re
from pathlib import Path

from tests.core.test_settings import run_manage

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "k3#v9!qZ-" * 8,
              "DJANGO_ALLOWED_HOSTS": "rd.example.gov.cn"}
SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", re.MULTILINE)


def test_every_source_map_named_by_a_static_file_is_shipped():
    """The manifest storage rewrites sourceMappingURL comments and fails on a map that is not there."""
    missing = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for name in SOURCE_MAP.findall(path.read_text(encoding="utf-8", errors="replace")):
            if not (path.parent / name).is_file():
                missing.append(f"{path.relative_to(ROOT)} -> {name}")
    assert missing == []


def test_collectstatic_succeeds_under_the_production_storage(tmp_path):
    result = run_manage("collectstatic", "--no-input", "-v", "0",
                        env_extra={**PRODUCTION, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    chart = manifest["vendor/chartjs/chart.umd.min.js"]
    # The hashed script names its hashed map, and both were written (compressed copies included).
    assert re.search(r"sourceMappingURL=chart\.umd\.min\.js\.[0-9a-f]{12}\.map", (tmp_path / chart).read_text())
    assert (tmp_path / manifest["vendor/chartjs/chart.umd.min.js.map"]).is_file()
    assert (tmp_path / f"{chart}.gz").is_file()
