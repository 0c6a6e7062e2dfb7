from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.pipeline import Coder
from khaldun.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test when it is absent (licences: never copied)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder.load(Settings())
