import pytest

from .records import make_record


@pytest.fixture
def record(group, users, meeting, documents) -> dict:
    return make_record(group, users, meeting, documents)
