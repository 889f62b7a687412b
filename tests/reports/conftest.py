"""Carol with intake facts, a program started two weeks ago and her logged sessions."""

from __future__ import annotations

import pytest

from tests.lifestyle.conftest import carol_facts, carol_program  # noqa: F401  (fixtures)
from tests.lifestyle.factories import give_workouts


@pytest.fixture
def carol_logged(alice, carol_record, carol_program):  # noqa: F811
    give_workouts(alice, carol_record, carol_program)
    return carol_program
