import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _indonesian():
    """Services' messages are asserted in Indonesian, whatever language an earlier test left active."""
    with translation.override("id"):
        yield
