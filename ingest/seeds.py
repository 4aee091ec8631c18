"""The dbt seeds as reference data for the readers: one vocabulary for ingest and warehouse.

The seeds (``seeds/*.csv``) hold the words both layers need: level-1/level-2 label cores, units,
comparison words. The readers load them from here; the warehouse loads them with ``dbt seed``;
``tests/test_vocabulary.py`` proves the two agree.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def read_seed(name: str) -> tuple[dict[str, str], ...]:
    """A seed's rows, read once."""
    with open(SEEDS / name, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))
