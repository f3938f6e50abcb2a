"""The API's recorded answers, as the contract shows them (tests/fixtures/qoder-api)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

API_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qoder-api"


def fixture_json(name: str) -> Any:
    """The recorded answer `name` (`get-response.json`), parsed."""
    return json.loads((API_FIXTURES / name).read_text())
