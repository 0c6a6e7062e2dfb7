"""What every `khaldun` command module shares: the error console, the common options and
settings with flags applied."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from khaldun.settings import Settings, help_for, load_settings

err = Console(stderr=True)

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML file of settings "
                                                "(default ./khaldun.toml).")]
ModelOpt = Annotated[str | None, typer.Option("--model", help=help_for("model"))]
NProcOpt = Annotated[int | None, typer.Option("--n-process", help=help_for("n_process"))]
BatchOpt = Annotated[int | None, typer.Option("--batch-size", help=help_for("batch_size"))]


def settings_for(config: Path | None, **flags: object) -> Settings:
    return load_settings(config).with_overrides(**flags)
