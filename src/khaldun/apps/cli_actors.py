"""`khaldun actors ...` and `khaldun gazetteer ...`: the actor dictionary and the gazetteer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from khaldun.actors.resolve import Resolver
from khaldun.apps.cli_options import ConfigOpt, ModelOpt, err, settings_for
from khaldun.pipeline import Coder
from khaldun.settings import load_settings
from khaldun.store.db import Store

actors_app = typer.Typer(no_args_is_help=True, help="Actors: list, show, resolve, merge, "
                         "split, import dictionaries.")


def _actors_folder(config: Path | None) -> Path:
    return Path(load_settings(config).actors_dir).expanduser()


@actors_app.command("list")
def actors_list(
    db: Annotated[str, typer.Option("--db", help="DuckDB file to read.")] = "khaldun.duckdb",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 50,
) -> None:
    """Actors seen in stored events, most mentioned first."""
    from khaldun.apps.actors import list_actors

    with Store.open(db, read_only=True) as store:
        rows = list_actors(store, limit=limit)
    table = Table(title=f"Actors in {db}")
    for key in ("actor_id", "name", "kind", "country", "sector", "mentions", "spellings",
                "first_seen", "last_seen"):
        table.add_column(key, overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r.values()))
    Console().print(table)


@actors_app.command("show")
def actors_show(
    actor_id: Annotated[str, typer.Argument(help="Actor id, e.g. muqtada-al-sadr.")],
    db: Annotated[str, typer.Option("--db", help="DuckDB file to read.")] = "khaldun.duckdb",
    config: ConfigOpt = None,
) -> None:
    """Every spelling seen for an actor, mention counts, first and last seen, dictionary entry."""
    from khaldun.actors.dictionary import load_dictionary, user_dictionaries
    from khaldun.apps.actors import show_actor

    settings = load_settings(config)
    with Store.open(db, read_only=True) as store:
        info = show_actor(store, actor_id, load_dictionary(user_dictionaries(settings)))
    typer.echo(json.dumps(info, indent=1, ensure_ascii=False, default=str))


@actors_app.command("resolve")
def actors_resolve(
    names: Annotated[list[str], typer.Argument(help="Names to resolve.")],
    context: Annotated[str | None, typer.Option("--context", help="A sentence the names "
                                                "occur in.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per name.")] = False,
    config: ConfigOpt = None, model: ModelOpt = None,
) -> None:
    """Which actor each name means (actor_id null when no dictionary knows it)."""
    from khaldun.apps.actors import resolve_names

    coder = Coder.load(settings_for(config, model=model))
    assert isinstance(coder.resolve, Resolver)
    for r in resolve_names(names, parser=coder.parser, resolver=coder.resolve,
                           context=context):
        if as_json:
            typer.echo(json.dumps(r.as_dict(), ensure_ascii=False))
        else:
            typer.echo(f"{r.query}\t{r.actor_id or '-'}\t{r.name or ''}\t{r.country or ''}"
                       f"\t{r.sector or ''}\t{r.kind or ''}\t{r.reason}")


@actors_app.command("import")
def actors_import(
    path: Annotated[Path, typer.Argument(help="TABARI/PETRARCH/Phoenix dictionary (or a "
                                         "native .tsv).")],
    config: ConfigOpt = None,
) -> None:
    """Import an actor dictionary; its names then resolve (it wins over the bundled one)."""
    from khaldun.apps.actors import import_dictionary

    target, n = import_dictionary(path, _actors_folder(config))
    err.print(f"imported {n} actors from {path} into {target}")


@actors_app.command("merge")
def actors_merge(
    keep: Annotated[str, typer.Argument(help="Actor id to keep.")],
    other: Annotated[str, typer.Argument(help="Actor id or name to fold into it.")],
    config: ConfigOpt = None,
) -> None:
    """Make another actor (or a name) a spelling of KEEP, in the user's overrides file."""
    from khaldun.actors.dictionary import load_dictionary, user_dictionaries
    from khaldun.apps.actors import merge

    settings = load_settings(config)
    actor = merge(load_dictionary(user_dictionaries(settings)), keep, other,
                  _actors_folder(config))
    err.print(f"{actor.actor_id} now has the spellings: {', '.join(actor.aliases)}")


@actors_app.command("split")
def actors_split(
    actor_id: Annotated[str, typer.Argument(help="Actor id.")],
    alias: Annotated[str, typer.Argument(help="Spelling to take away from it.")],
    config: ConfigOpt = None,
) -> None:
    """Take a spelling away from an actor, in the user's overrides file."""
    from khaldun.actors.dictionary import load_dictionary, user_dictionaries
    from khaldun.apps.actors import split

    settings = load_settings(config)
    actor = split(load_dictionary(user_dictionaries(settings)), actor_id, alias,
                  _actors_folder(config))
    err.print(f"{actor.actor_id} keeps the spellings: {', '.join(actor.aliases) or 'none'}")


gazetteer_app = typer.Typer(no_args_is_help=True, help="The offline gazetteer.")


@gazetteer_app.command("import")
def gazetteer_import(
    path: Annotated[Path, typer.Argument(help="GeoNames allCountries.txt, a country file, "
                                         "cities*.zip or admin1CodesASCII.txt.")],
    config: ConfigOpt = None,
) -> None:
    """Add a full GeoNames dump to the gazetteer (its places and points win)."""
    from khaldun.places.geonames import import_geonames

    folder = Path(load_settings(config).gazetteer_dir).expanduser()
    result = import_geonames(path, cache_dir=folder)
    err.print(f"read {result.rows} rows from {path}: {result.added} places added, "
              f"{result.replaced} replaced, {result.skipped} skipped; cache {result.cache}")
