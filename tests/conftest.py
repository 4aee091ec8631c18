from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SAMPLES = ROOT / "data" / "samples"
FIXTURES = TESTS / "fixtures"
sys.path.insert(0, str(TESTS))


@pytest.fixture(scope="session")
def sample_docs():
    from golden_compare import parsed_samples

    return parsed_samples()
