import pytest

from proposals.models import Status


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(Status))
def test_every_state_can_be_reached_through_the_services(build, state):
    assert build.to(state).status == state
