"""Ready a server process before its first request: `congress_portal.wsgi` calls `settle()`.

Two reasons. The first request of a new process would otherwise import every view module, the PDF
and spreadsheet libraries and the translation catalogues. And Python's garbage collector walks every
object the process holds, tens of thousands of them (modules, classes, URL patterns, catalogues),
whenever it makes a full collection: on the large demo about 100 ms, inside whichever request happened
to trigger it. Loaded here and then frozen (`gc.freeze()`), those objects are left out of every later
collection, which then walks only what requests create. With a pre-forking server (gunicorn
`--preload`) the frozen objects' pages also stay shared between the workers.

Not in development (DEBUG): the development server restarts on every change, and the second it costs
would delay each restart.
"""

import gc
import importlib
import logging

logger = logging.getLogger(__name__)

# Imported by views on first use (inside functions, to keep `manage.py` commands light).
LAZY_MODULES = ("weasyprint", "openpyxl", "segno")


def settle():
    from django.conf import settings
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import translation

    if settings.DEBUG:
        return
    get_resolver().url_patterns  # imports every URLconf, and with them every view module
    for module in LAZY_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:  # pragma: no cover - a trimmed install; the view reports it when used
            logger.warning("warm-up: %s is not installed", module)
    for code, _name in settings.LANGUAGES:  # each language's catalogues, merged once and kept
        with translation.override(code):
            translation.gettext("Home")
    compiled = sum(_compile_templates(backend.engine) for backend in engines.all() if hasattr(backend, "engine"))
    gc.collect()
    gc.freeze()
    logger.info("warm-up: %d templates compiled, %d objects frozen", compiled, gc.get_freeze_count())


def _compile_templates(engine):
    """Compile every template the engine's loaders can find into the cached loader (kept for the
    process's life, as each would be on first use). Returns how many compiled."""
    from pathlib import Path

    count = 0
    for loader in engine.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):
            for folder in map(Path, inner.get_dirs()):
                for path in folder.rglob("*"):
                    if path.suffix not in (".html", ".txt", ".xml") or not path.is_file():
                        continue
                    try:
                        engine.get_template(path.relative_to(folder).as_posix())
                    except Exception:  # noqa: BLE001 - a template of an app's that needs what is not here
                        continue
                    count += 1
    return count
