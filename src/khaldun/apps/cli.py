"""The `khaldun` command. It parses arguments and calls plain functions; nothing else."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from khaldun import CODER
from khaldun.apps.cli_actors import actors_app, gazetteer_app
from khaldun.apps.cli_options import (
    BatchOpt,
    ConfigOpt,
    ModelOpt,
    NProcOpt,
    err,
    settings_for,
)
from khaldun.demo import corpus_path
from khaldun.errors import KhaldunError
from khaldun.ingest.fetch import Fetcher
from khaldun.ingest.readers import read_paths
from khaldun.pipeline import Coder, Result, Summary, run
from khaldun.records import Event, Rejection
from khaldun.settings import load_settings
from khaldun.store.db import Store
from khaldun.store.export import FORMATS, flat_row, record_writer, write_records

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Khaldun: political event data (PLOVER/CAMEO) from English news text.")
app.add_typer(actors_app, name="actors")
app.add_typer(gazetteer_app, name="gazetteer")
def _report(summary: Summary, *, stored: bool) -> None:
    c = summary.counts
    table = Table(title="Khaldun run", show_header=False)
    table.add_row("stories coded", str(c.stories))
    if stored:
        table.add_row("stories unchanged (already stored)", str(c.unchanged))
        table.add_row("stories replaced (stored id, new content)", str(c.replaced))
    table.add_row("sentences", str(c.sentences))
    table.add_row("events", str(c.events))
    table.add_row("rejections", str(c.rejections))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    err.print(table)


class _Rate(ProgressColumn):
    """Stories per second so far."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "")


def _known_total(paths: list[str], *, lines: bool) -> int | None:
    """How many stories the input holds, when that is cheap to know (JSONL files and, with
    --lines, text files: their non-empty lines); None otherwise (the bar then has no ETA)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        suffix = path.suffix.lower()
        if not path.is_file() or not (suffix in (".jsonl", ".ndjson") or
                                      (lines and suffix in (".txt", ".text"))):
            return None
        with path.open("rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total or None


def _code(coder: Coder, paths: list[str], *, lines: bool, store: Store | None, command: str,
          on_event: Callable[[Event], None] | None = None, fetch: bool = False) -> Summary:
    items = read_paths(paths, lines=lines, stdin=sys.stdin.buffer,
                       fetcher=Fetcher() if fetch else None)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed} stories"), _Rate(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task("coding", total=_known_total(paths, lines=lines))

        def on_batch(results: list[Result]) -> None:
            progress.advance(task, len(results))
            for r in results:
                if isinstance(r, Rejection):
                    err.print(f"[yellow]rejected[/] {r.story_id} ({r.stage}): {r.reason}",
                              highlight=False, markup=True, soft_wrap=True)

        return run(items, coder, store=store, command=command, on_event=on_event,
                   on_batch=on_batch)


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or URLs to code; - reads "
                                               "stdin. Formats: .txt .jsonl .csv .html .rss "
                                               ".atom .xml (a feed) .warc .warc.gz .urls.")],
    lines: Annotated[bool, typer.Option("--lines", help="Each non-empty line of a .txt file "
                                        "(or of stdin) is its own story.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="Output on stdout when no --db: jsonl "
                                     "(the event contract) or csv.")] = "jsonl",
    db: Annotated[str | None, typer.Option("--db", help="Store into this DuckDB file instead "
                                           "of printing events.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any story was "
                                         "rejected.")] = False,
    fetch: Annotated[bool, typer.Option("--fetch", help="Fetch URLs (given or in .urls files, "
                                        "pages or RSS/Atom feeds) and the pages feed items "
                                        "link to; off by default. One request at a time, "
                                        "robots.txt obeyed.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="local, or ray: the same pipeline "
                                        "on Ray Data, writing Parquet to --out.")] = "local",
    address: Annotated[str | None, typer.Option("--address", help="Ray cluster to join "
                                                "(default: start a local one).")] = None,
    out_dir: Annotated[Path | None, typer.Option("-o", "--out", help="With --engine ray: the "
                                                 "output folder (rerun on it to resume).")]
    = None,
    server: Annotated[str | None, typer.Option("--server", help="Send the stories to this "
                                               "running khaldun serve (e.g. "
                                               "http://127.0.0.1:8000), which codes them "
                                               "into its database while it serves.")] = None,
    token: Annotated[str | None, typer.Option("--token", help="The server's token (default: "
                                              "the api_token setting, KHALDUN_API_TOKEN).")]
    = None,
    config: ConfigOpt = None, model: ModelOpt = None, n_process: NProcOpt = None,
    batch_size: BatchOpt = None,
) -> None:
    """Code news stories into events: JSONL on stdout, into a database with --db, through a
    running server with --server URL, or on Ray into Parquet with --engine ray --out DIR."""
    if server is not None:
        _code_through(server, token or load_settings(config).api_token, paths, lines=lines,
                      strict=strict)
        return
    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter("--format must be jsonl or csv")
    if engine not in ("local", "ray"):
        raise typer.BadParameter("--engine must be local or ray")
    settings = settings_for(config, model=model, n_process=n_process, batch_size=batch_size)
    if engine == "ray":
        if fetch:
            raise typer.BadParameter("--fetch works with --engine local only")
        if out_dir is None:
            raise typer.BadParameter("--engine ray writes Parquet: give --out DIR "
                                     "(then `khaldun load DIR --db FILE`)")
        from khaldun.scale.ray import run_ray

        summary_ray = run_ray(paths, out_dir, settings=settings, address=address, lines=lines)
        c = summary_ray.counts
        err.print(f"{summary_ray.shards} shards ({summary_ray.skipped} already done): "
                  f"{c.stories} stories, {c.sentences} sentences, {c.events} events, "
                  f"{c.rejections} rejections written to {out_dir}")
        if strict and c.rejections:
            raise typer.Exit(1)
        return
    coder = Coder.load(settings)
    if db is not None:
        with Store.open(db) as store:
            summary = _code(coder, paths, lines=lines, store=store, command="code",
                            fetch=fetch)
    else:
        write = record_writer(sys.stdout, fmt)

        def emit(event: Event) -> None:
            write(event.as_dict())

        summary = _code(coder, paths, lines=lines, store=None, command="code", on_event=emit,
                        fetch=fetch)
    _report(summary, stored=db is not None)
    coded = summary.counts.stories + summary.counts.unchanged
    if coded == 0 or (strict and summary.counts.rejections):
        raise typer.Exit(1)


def _code_through(server: str, token: str, paths: list[str], *, lines: bool,
                  strict: bool) -> None:
    from khaldun.apps.client import send

    if not token:
        raise KhaldunError("--server needs the server's token: --token T or the api_token "
                           "setting (KHALDUN_API_TOKEN)")
    started = time.perf_counter()
    with err.status(f"sending to {server} and waiting for its coding jobs"):
        sent = send(read_paths(paths, lines=lines, stdin=sys.stdin.buffer), server, token)
    for r in sent.rejections:
        err.print(f"[yellow]rejected[/] {r.story_id} ({r.stage}): {r.reason}",
                  highlight=False, markup=True, soft_wrap=True)
    for reason in sent.failed_jobs:
        err.print(f"[red]a job failed:[/] {reason}", highlight=False, markup=True)
    _report(Summary(sent.counts, time.perf_counter() - started, tuple(sent.rejections)),
            stored=True)
    if sent.failed_jobs or (sent.counts.stories + sent.counts.unchanged == 0) or (
            strict and sent.counts.rejections):
        raise typer.Exit(1)


@app.command("load")
def load_cmd(
    folder: Annotated[Path, typer.Argument(help="Output folder of `khaldun code --engine ray`.")],
    db: Annotated[str, typer.Option("--db", help="DuckDB file to load into.")]
    = "khaldun.duckdb",
) -> None:
    """Load Parquet written by the Ray engine into a DuckDB database (nothing twice)."""
    from khaldun.scale.ray import load

    if not folder.is_dir():
        raise typer.BadParameter(f"no folder {folder}")
    with Store.open(db) as store:
        added = load(folder, store)
    err.print("added " + ", ".join(f"{n} {table}" for table, n in added.items()) + f" to {db}")


@app.command()
def events(
    db: Annotated[str, typer.Option("--db", help="DuckDB file to read.")] = "khaldun.duckdb",
    event: Annotated[str | None, typer.Option("--event", help="PLOVER type(s), e.g. ASSAULT "
                                              "or ASSAULT,COERCE.")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="PLOVER mode, e.g. arrest.")]
    = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor id, code, name or any "
                                              "spelling seen (any case), as actor or "
                                              "recipient.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country of the event's "
                                                "place: IRQ or Iraq.")] = None,
    actor_country: Annotated[str | None, typer.Option("--actor-country", help="Country of "
                                                      "an actor.")] = None,
    recipient_country: Annotated[str | None, typer.Option("--recipient-country",
                                                          help="Country of a recipient.")]
    = None,
    since: Annotated[str | None, typer.Option("--since", help="Only events on or after "
                                              "YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only events on or before "
                                              "YYYY-MM-DD.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Text in the sentence or title.")]
    = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", min=0, max=1,
                                                         help="Least confidence.")] = None,
    negated: Annotated[str, typer.Option("--negated", help="exclude, include or only.")]
    = "exclude",
    historical: Annotated[str, typer.Option("--historical", help="exclude, include or only.")]
    = "exclude",
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")]
    = 1_000_000,
) -> None:
    """List stored events, newest first, with the same filters as the API and the web UI."""
    from khaldun.store import query
    from khaldun.store.filters import EventFilter, FilterError
    from khaldun.store.reader import Reader

    if fmt not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("--format must be table, jsonl or csv")
    try:
        f = EventFilter.from_query({k: v for k, v in {
            "event": event, "mode": mode, "actor": actor, "country": country,
            "actor_country": actor_country, "recipient_country": recipient_country,
            "since": since, "until": until, "q": q, "negated": negated,
            "historical": historical,
            "min_confidence": None if min_confidence is None else str(min_confidence),
        }.items() if v is not None})
    except FilterError as exc:
        raise typer.BadParameter(exc.message, param_hint=f"--{exc.param.replace('_', '-')}"
                                 ) from None
    reader = Reader.open(db)
    try:
        with reader.cursor() as cur:
            records, _ = query.list_events(cur, f, limit=limit, offset=0)
    finally:
        reader.close()
    if fmt == "table":
        Console().print(events_table(records))
    else:
        write_records(records, sys.stdout, fmt)


def events_table(records: list[dict[str, object]], *, title: str = "Events") -> Table:
    table = Table(title=f"{title} ({len(records)})")
    for column in ("date", "event", "actor", "recipient", "trigger", "story"):
        table.add_column(column, overflow="fold")
    for r in records:
        row = flat_row(r)
        flags = " (negated)" if r["negated"] else (f" ({r['modality']})" if r["modality"] else "")
        table.add_row(str(row["date"] or ""), f"{row['event']}{flags}", row["actor"],
                      row["recipient"], str(row["trigger"]), str(row["story_id"]))
    return table


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Option("-o", "--out", help="File to write.")],
    db: Annotated[str, typer.Option("--db", help="DuckDB file to read.")] = "khaldun.duckdb",
    fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")] = "jsonl",
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists "
                                        "(never the database itself).")] = False,
) -> None:
    """Export every stored event to a file (never onto an existing file without --force)."""
    from khaldun.store.export import export

    with Store.open(db, read_only=True) as store:
        n = export(store, fmt, out, force=force)
    err.print(f"wrote {n} events to {out} ({fmt})")


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="DuckDB file to create or update.")]
    = "khaldun-demo.duckdb",
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Code and summarise only; "
                                           "do not start the web UI.")] = False,
    host: Annotated[str, typer.Option("--host", help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8000,
    config: ConfigOpt = None, model: ModelOpt = None,
) -> None:
    """Code the bundled demo corpus into a database, summarise it and serve the web UI."""
    settings = settings_for(config, model=model)
    coder = Coder.load(settings)
    with Store.open(db) as store:
        summary = _code(coder, [str(corpus_path())], lines=False, store=store, command="demo")
        records = store.query_events()
    out = Console()
    types = Counter(str(r["event"]) for r in records)
    by_type = Table(title="Demo events by PLOVER type")
    by_type.add_column("type")
    by_type.add_column("events", justify="right")
    for name, n in types.most_common():
        by_type.add_row(name, str(n))
    out.print(events_table(records, title=f"Demo events in {db}"))
    out.print(by_type)
    _report(summary, stored=True)
    out.print(f"Database: {db}. Query it with: khaldun events --db {db} --event ASSAULT")
    if not no_serve:
        from khaldun.apps.api import serve

        serve(db, host=host, port=port, allowed_hosts=settings.allowed_hosts,
              max_request_bytes=settings.max_request_bytes,
              export_max_rows=settings.api_export_max_rows,
              memory_mb=settings.server_memory_mb or None)


WatchOpt = Annotated[list[str] | None, typer.Option(
    "--watch", help="A folder (or file) to code what is new in, cycle after cycle; repeat "
                    "for several.")]
FeedsOpt = Annotated[str | None, typer.Option("--feeds", help="A text file of feed URLs, one "
                                              "per line, to watch too.")]
EveryOpt = Annotated[str, typer.Option("--every", help="Time between cycles: 30s, 15m, 2h.")]


@app.command("serve")
def serve_cmd(
    db: Annotated[str, typer.Option("--db", help="DuckDB file to serve.")] = "khaldun.duckdb",
    host: Annotated[str, typer.Option("--host", help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8000,
    watch: WatchOpt = None, feeds: FeedsOpt = None, every: EveryOpt = "15m",
    config: ConfigOpt = None,
) -> None:
    """Serve the REST API and the web UI (map, timeline, events, actors, network).

    Read-only unless the api_token setting (KHALDUN_API_TOKEN) is set, which enables
    POST /api/stories with that bearer token. With --watch (and --feeds) it also codes what
    is new there every --every, and new events show without a restart."""
    from khaldun.apps.api import serve
    from khaldun.apps.watch import WatchPlan, parse_every, read_feeds_file

    settings = load_settings(config)
    urls = read_feeds_file(feeds)
    plan = WatchPlan(tuple(watch or ()), tuple(urls), parse_every(every)) \
        if watch or urls else None
    serve(db, host=host, port=port, token=settings.api_token or None,
          allowed_hosts=settings.allowed_hosts, max_request_bytes=settings.max_request_bytes,
          export_max_rows=settings.api_export_max_rows, watch=plan,
          memory_mb=settings.server_memory_mb or None)


@app.command("watch")
def watch_cmd(
    paths: Annotated[list[str] | None, typer.Argument(help="Folders or files to watch.")]
    = None,
    db: Annotated[str, typer.Option("--db", help="DuckDB file to code into.")]
    = "khaldun.duckdb",
    feeds: FeedsOpt = None, every: EveryOpt = "15m",
    once: Annotated[bool, typer.Option("--once", help="One cycle, then exit (for cron).")]
    = False,
    config: ConfigOpt = None, model: ModelOpt = None,
) -> None:
    """Code what is new in folders and feeds every --every, until stopped (Ctrl-C or SIGTERM).

    A story already stored with the same content is skipped; one with new content replaces
    its story. The database is the only state: stopped at any moment, even by kill -9, and
    started again, nothing is lost or stored twice. One log line per cycle on stderr. The
    database is opened only while a cycle stores, so it can be read between cycles; to
    browse while watching, use khaldun serve --watch instead."""
    import signal
    import threading

    from khaldun.apps.watch import StoreSink, Watcher, feed_reader, parse_every, read_feeds_file

    urls = read_feeds_file(feeds)
    if not paths and not urls:
        raise KhaldunError("nothing to watch: give folders or --feeds FILE")
    seconds = parse_every(every)
    coder = Coder.load(settings_for(config, model=model))
    watcher = Watcher(paths or [], urls, StoreSink(db, coder),
                      read_feed=feed_reader() if urls else None)
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        raise SystemExit(0)  # unwinds the cycle: its batch in flight is rolled back

    signal.signal(signal.SIGTERM, on_signal)
    err.print(f"watching {', '.join([*(paths or []), *urls])} every {every} into {db}",
              highlight=False, markup=False, soft_wrap=True)
    try:
        watcher.run(seconds, stop, lambda line: err.print(line, highlight=False, markup=False,
                                                           soft_wrap=True), once=once)
    except (KeyboardInterrupt, SystemExit):
        err.print("stopped")


@app.command("eval")
def eval_cmd(
    gold: Annotated[list[Path] | None, typer.Argument(
        help="Gold files: native JSONL (with texts, or references to ../shared/data texts), "
             "PLOVER_GSR_CAMEO.json or PETRARCH XML. Default: tests/gold/own.jsonl, the "
             "real-news gold in tests/gold/real/ and the public sets in ../shared/data that "
             "are present.")]
    = None,
    report: Annotated[Path, typer.Option("--report", help="Write the JSON report here.")]
    = Path("eval-report.json"),
    errors: Annotated[bool, typer.Option("--errors", help="List every miss and false "
                                         "positive with its sentence.")] = False,
    floors: Annotated[Path | None, typer.Option("--floors", help="floors.json to check; exit 1 "
                                                "when a score is below its floor.")] = None,
    codebook: Annotated[Path | None, typer.Option(
        "--codebook", help="Also rewrite the accuracy table of this codebook "
                           "(docs/CODEBOOK.md) from the scores.")] = None,
    places: Annotated[bool | None, typer.Option(
        "--places/--no-places", help="Also score place resolution on the public GeoWebNews and "
        "event-location sets when present (default: when no gold files are given).")] = None,
    config: ConfigOpt = None, model: ModelOpt = None,
) -> None:
    """Score the coder against gold data and print one table."""
    from khaldun.evaluate.run import (
        below_floors,
        default_paths,
        evaluate,
        place_scores,
        write_report,
    )

    paths = list(gold or [])
    if not paths:
        paths, notes = default_paths()
        for note in notes:
            err.print(note)
    coder = Coder.load(settings_for(config, model=model))
    skipped: list[str] = []
    scores = evaluate(paths, coder, notes=skipped)
    for note in skipped:
        err.print(note)
    out = Console()
    if errors:
        for s in scores:
            for e in s.errors:
                out.print(f"[bold]{s.name}[/] {e['story']}: {e['error']}"
                          + (f" | system: {e['system']}" if "system" in e else "")
                          + f"\n    {e['text']}", highlight=False, soft_wrap=True)
    out.print(scores_table(scores))
    extra: dict[str, dict[str, float]] = {}
    if places if places is not None else not gold:
        extra = place_scores(coder)
        if extra:
            out.print(places_table(extra))
    write_report(scores, report, extra=extra)
    err.print(f"report written to {report}")
    if codebook is not None:
        from khaldun.evaluate.codebook import update_codebook

        update_codebook(codebook, json.loads(report.read_text(encoding="utf-8")))
        err.print(f"accuracy table of {codebook} rewritten")
    if floors is not None:
        problems = below_floors(scores, json.loads(floors.read_text(encoding="utf-8")),
                                extra=extra)
        for problem in problems:
            err.print(f"[red]below floor:[/] {problem}", highlight=False)
        if problems:
            raise typer.Exit(1)


def places_table(extra: dict[str, dict[str, float]]) -> Table:
    table = Table(title="khaldun eval: places")
    for column in ("set", "metric", "value"):
        table.add_column(column)
    for name, summary in extra.items():
        for metric, value in summary.items():
            table.add_row(name, metric, str(value))
    return table


def scores_table(scores: list[Any]) -> Table:
    table = Table(title="khaldun eval")
    metrics = ("stories", "type_f1", "type_accuracy", "triple_precision", "triple_recall",
               "triple_f1", "country_dyad_f1", "no_event_precision", "root_code_accuracy",
               "root_set_f1", "code_triple_f1", "country_triple_f1", "events_without_codes",
               "location_accuracy", "date_accuracy", "dead_accuracy", "dead_events",
               "injured_accuracy", "injured_events", "size_accuracy", "size_events")
    table.add_column("metric")
    for s in scores:
        table.add_column(s.name, justify="right")
    summaries = [s.summary() for s in scores]
    for metric in metrics:
        table.add_row(metric, *("-" if m.get(metric) is None else str(m[metric])
                                for m in summaries))
    types = sorted({t for m in summaries for t in m["per_type_f1"]})
    for t in types:
        table.add_row(f"{t} P/R/F1", *(
            "/".join(str(m[k].get(t, "-")) for k in ("per_type_precision", "per_type_recall",
                                                     "per_type_f1")) for m in summaries))
    for m in summaries:
        for name, value in (m.get("published") or {}).items():
            table.add_row(f"{m['name']}: {name}", *("" if x is not m else str(value)
                                                    for x in summaries))
    return table


@app.command("bench")
def bench_cmd(
    stories: Annotated[int, typer.Option("--stories", help="Stories to code (the benchmark corpus "
                                         "repeated).")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object as the last "
                                          "line.")] = False,
    config: ConfigOpt = None, model: ModelOpt = None, n_process: NProcOpt = None,
    batch_size: BatchOpt = None,
) -> None:
    """Measure end-to-end speed (read to store) against a bare spaCy pass on the same text
    (with --n-process N: N Khaldun workers against spaCy's nlp.pipe with n_process=N)."""
    from khaldun.bench import bench

    settings = settings_for(config, model=model, n_process=n_process, batch_size=batch_size)
    result = bench(Coder.load(settings), size=stories)
    table = Table(title="khaldun bench", show_header=False)
    for key, value in asdict(result).items():
        table.add_row(key, str(value))
    Console(stderr=as_json).print(table)
    if as_json:
        typer.echo(result.to_json())


@app.command()
def version() -> None:
    """Print the coder version."""
    typer.echo(CODER)


@app.callback()
def _options(verbose: Annotated[bool, typer.Option(
        "--verbose", help="Show the traceback of an error (for a bug report).")] = False
             ) -> None:
    """Khaldun: political event data (PLOVER/CAMEO) from English news text."""


def main() -> None:
    """Every user error is one line and exit code 2; anything else one line and exit 1,
    with the traceback only under --verbose."""
    verbose = "--verbose" in sys.argv[1:]
    try:
        app()
    except KhaldunError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(2)
    except OSError as exc:  # a file or folder the user named: missing, unwritable, ...
        if verbose:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        err.print(f"[red]error:[/]{where}: {exc.strerror or exc}", highlight=False)
        sys.exit(2)
    except Exception as exc:
        if verbose:
            raise
        err.print(f"[red]internal error:[/] {type(exc).__name__}: {exc}; run again with "
                  f"--verbose for the traceback and report it", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
