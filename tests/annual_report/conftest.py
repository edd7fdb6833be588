import pytest

from . import sample_sections


@pytest.fixture
def sample(db):
    """The sample sections registered (beside whatever the apps register), removed after the test."""
    sample_sections.register()
    yield sample_sections
    sample_sections.unregister()


@pytest.fixture(autouse=True)
def _tasks_run_at_the_call():
    """The render task runs in-process at its call, also when REDIS_URL points at a real broker (CI's second
    run has no worker): the task's code is the one tested; its routing has a test of its own."""
    from congress_portal.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
