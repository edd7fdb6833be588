import pytest

from . import sample_sections


@pytest.fixture
def sample(db):
    """The sample sections registered (beside whatever the apps register), removed after the test."""
    sample_sections.register()
    yield sample_sections
    sample_sections.unregister()
