"""The README's command-line synopsis runs as written (issue 16): each line of the first
shell block, with its optional [...] parts left out and the first of a|b|c alternatives, is
run in a folder holding the files it names. Lines that need a running server, run until
stopped, or take minutes (demo, serve, watch, eval, bench, Ray, gazetteer and actor imports)
are covered by their own tests and skipped here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SKIP = ("khaldun demo", "khaldun serve", "khaldun watch", "khaldun eval", "khaldun bench",
        "--engine ray", "khaldun gazetteer", "khaldun actors", "--server")
STORY = "Iraqi troops attacked Mahdi Army fighters in Sadr City on Saturday."


def synopsis() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## The command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = []
    for raw in block.splitlines():
        line = re.sub(r"\s+#.*$", "", raw).strip()  # the comment
        line = re.sub(r"\s*\[[^\]]*\]", "", line)  # optional parts
        line = re.sub(r"(\S+?)(\|\S+)+", r"\1", line)  # the first alternative
        if line and not any(s in line for s in SKIP):
            lines.append(line)
    return lines


@pytest.mark.slow
def test_readme_synopsis_runs_as_written(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY + "\n", encoding="utf-8")
    (tmp_path / "sentences.txt").write_text(f"{STORY}\nPolice arrested ten protesters.\n",
                                            encoding="utf-8")
    (tmp_path / "stories.jsonl").write_text(json.dumps(
        {"id": "s1", "text": STORY, "published": "2008-04-06"}) + "\n", encoding="utf-8")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Rebels shelled the town of Idlib on Monday.\n",
                                             encoding="utf-8")
    (tmp_path / "page.html").write_text(f"<html><body><p>{STORY}</p></body></html>",
                                        encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    lines = synopsis()
    assert any(line.startswith("khaldun code") for line in lines)
    assert any(line.startswith("khaldun export") for line in lines)
    for line in lines:
        result = subprocess.run(line, shell=True, cwd=tmp_path, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        assert "Traceback" not in result.stderr, line
    assert (tmp_path / "k.duckdb").is_file() and (tmp_path / "events.parquet").is_file()
