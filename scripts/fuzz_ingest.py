"""Run the reader -> coder -> store property test over many cases (default 3,000).

    .venv/bin/python scripts/fuzz_ingest.py [N]

Each case is a JSONL file of up to six random records (odd ids, impossible dates, lone
surrogates, NUL bytes, deep nesting, wrong types); the property is that the run never aborts,
no story becomes an "internal error" rejection, and stored + rejected equals the records read.
"""

from __future__ import annotations

import os
import subprocess
import sys

cases = sys.argv[1] if len(sys.argv) > 1 else "3000"
sys.exit(subprocess.call(
    [sys.executable, "-m", "pytest", "-q", "-W", "ignore::hypothesis.errors.HypothesisWarning",
     "tests/test_property_ingest.py"], env={**os.environ, "KHALDUN_FUZZ_EXAMPLES": cases}))
