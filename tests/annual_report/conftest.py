import pytest

from . import sample_sections


@pytest.fixture
def sample(db):
    """The sample sections registered (beside whatever the apps register), removed after the test."""
    sample_sections.register()
    yield sample_sections
    sample_sections.unregister()


@pytest.fixture(autouse=True)
def _tasks_run_at_the_call(settings):
    """The render task runs in-process at its call, also when REDIS_URL points at a real broker (CI's second
    run has no worker): the task's code is the one tested; its routing has a test of its own. Through the
    Django settings, which Celery reads at each lookup, so nothing is left behind for the next test (writing
    app.conf directly would pin the value in Celery's own layer for the rest of the run)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
