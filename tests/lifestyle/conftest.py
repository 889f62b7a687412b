"""Fixtures of the lifestyle tests: Carol with real intake facts and a current program."""

from __future__ import annotations

import pytest

from osteoload.training.models import Program
from tests.lifestyle.factories import give_facts, give_program


@pytest.fixture
def carol_facts(alice, carol_record) -> None:
    give_facts(alice, carol_record)


@pytest.fixture
def carol_program(alice, carol_record, carol_facts) -> Program:
    return give_program(alice, carol_record)
