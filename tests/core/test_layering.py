"""Platform below, domain above (CONVENTIONS): nothing under congress_portal/ imports a domain app.

Every .py file is parsed (no import runs): `import x`, `from x import y` at any depth (inside functions
too), relative imports resolved against the file's package, and calls to import_module / __import__
with a constant name. The settings (INSTALLED_APPS) and the root URLconf name the apps as strings to
compose the project; they import nothing themselves, so they are not imports here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ROOT / "congress_portal"
DOMAIN = ("proposals", "deputies", "supervision", "appointments")


def _is_domain(module):
    return bool(module) and module.split(".")[0] in DOMAIN


def _package_of(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])


def domain_imports(source, package):
    """(line, module) of every import of a domain app in `source`, a module of `package`."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if _is_domain(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the file's package
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
            if any(_is_domain(name) for name in names):
                found.append((node.lineno, module))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _is_domain(arg.value):
                    found.append((node.lineno, arg.value))
    return found


def test_the_platform_imports_no_domain_app():
    offenders = [f"{path.relative_to(ROOT)}:{line} imports {module}"
                 for path in sorted(PLATFORM.rglob("*.py"))
                 for line, module in domain_imports(path.read_text(encoding="utf-8"), _package_of(path))]
    assert len(list(PLATFORM.rglob("*.py"))) > 100  # the walk saw the platform
    assert offenders == []


@pytest.mark.parametrize("source", [
    "import proposals.models",
    "from deputies.models import Deputy",
    "def f():\n    from supervision import selectors\n",
    "from appointments import services as s",
    "import importlib\nimportlib.import_module('supervision.livelihood.models')",
    "from importlib import import_module\nimport_module('deputies')",
    "__import__('proposals.figures')",
])
def test_the_check_catches_every_form_of_import(source):
    assert domain_imports(source, "congress_portal.dashboard")


def test_relative_imports_are_resolved():
    assert domain_imports("from ..models import Suggestion", "proposals.views")  # a domain file, for the check
    assert domain_imports("from . import sections\nfrom .. import core\nimport importlib\n"
                          "importlib.import_module(name)\n", "congress_portal.dashboard") == []
