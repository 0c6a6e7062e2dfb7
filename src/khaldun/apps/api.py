"""The REST API (FastAPI) and the web pages on one app: `create_app(db)`, `serve(db, ...)`.

Read-only by default. `POST /api/stories` (code stories into the database) exists only when a
token is configured, and requires `Authorization: Bearer <token>`. Every error, on every
/api route, has one body: {"error": {"status", "code", "message", "details"}}.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from http import HTTPStatus
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from khaldun import __version__
from khaldun.apps import downloads
from khaldun.apps.cache import ResponseCache
from khaldun.apps.guard import Guard, SecurityHeaders
from khaldun.apps.jobs import CodingQueue, QueueFull, WorkerProcess, code_in_thread
from khaldun.apps.watch import WatchPlan, start_in_server
from khaldun.apps.web import pages
from khaldun.apps.web.evidence import spans
from khaldun.errors import KhaldunError
from khaldun.events.ontology import ontology
from khaldun.records import Rejection, Story
from khaldun.store import query
from khaldun.store.filters import NEGATED, EventFilter, FilterError
from khaldun.store.reader import Reader

EXPORT_FORMATS = ("csv", "jsonl", "geojson", "parquet", "acled", "gdelt", "polecat")
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
         "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet",
         "acled": "text/csv; charset=utf-8", "gdelt": "text/tab-separated-values; charset=utf-8",
         "polecat": "text/tab-separated-values; charset=utf-8"}
FILE_NAMES = {"acled": "khaldun-acled.csv", "gdelt": "khaldun-gdelt.tsv",
              "polecat": "khaldun-polecat.tsv"}
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class ApiError(Exception):
    """An error answered with the one error body."""

    def __init__(self, status: int, code: str, message: str,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status code.")
    code: str = Field(description="A stable machine-readable code, e.g. not_found.")
    message: str = Field(description="What was wrong and how to fix it.")
    details: list[dict[str, Any]] = Field(description="Per-parameter problems, if any.")


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: ErrorDetail


class Page(BaseModel):
    items: list[dict[str, Any]] = Field(description="The items of this page.")
    total: int = Field(description="How many items match in all.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Items skipped before this page.")


class StoryIn(BaseModel):
    id: str = Field(min_length=1, max_length=200, description="Your id for the story.")
    text: str = Field(min_length=1, max_length=1_000_000, description="The story text.")
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                  json_schema_extra={"format": "date"},
                                  description="Publication day, YYYY-MM-DD.")
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)


    @field_validator("published")
    @classmethod
    def real_day(cls, value: str | None) -> str | None:
        """A day that exists (a number is no date, and 2024-02-30 is none either)."""
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a real day YYYY-MM-DD") from None
        return value


class StoriesIn(BaseModel):
    stories: list[StoryIn] = Field(min_length=1, max_length=200,
                                   description="Stories to code (the story contract).")

    model_config = {"json_schema_extra": {"examples": [{"stories": [{
        "id": "r-2024-001", "published": "2024-03-10", "source": "Wire",
        "text": "Police arrested twelve protesters in Nairobi on Sunday."}]}]}}


def _error(status: int, code: str, message: str,
           details: list[dict[str, Any]] | None = None) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(status=status, code=code, message=message,
                                       details=details or []))
    return JSONResponse(body.model_dump(), status_code=status)


def _code_for(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


_DAY = r"^\d{4}-\d{2}-\d{2}$"
Since = Annotated[str | None, Query(
    pattern=_DAY, json_schema_extra={"format": "date"},
    description="Only events on or after this day (YYYY-MM-DD). An event dated only to a "
                "month or year matches when its period overlaps. Undated events count on "
                "their story's publication day.")]
Until = Annotated[str | None, Query(pattern=_DAY, json_schema_extra={"format": "date"},
                                    description="Only events on or before this day "
                                                "(YYYY-MM-DD); periods overlap as for since. "
                                                "Before since: nothing matches.")]


def _any_case(word: str) -> str:
    return "".join(f"[{c}{c.lower()}]" if c.isalpha() else c for c in word)


# The schema says exactly what the filters accept, so a request valid by the schema is never
# refused (schemathesis checks this).
_TYPE = "(" + "|".join(_any_case(t) for t in ontology().types) + ")"
_LON = r"-?(180(\.0+)?|(1[0-7]\d|\d{1,2})(\.\d+)?)"
_LAT = r"-?(90(\.0+)?|\d(\d)?(\.\d+)?)"
EventType = Annotated[str | None, Query(
    max_length=200, pattern=rf"^ *{_TYPE} *(, *{_TYPE} *)*$",
    description=f"PLOVER event type, or several separated by commas, e.g. "
                f"ASSAULT,COERCE; one of {', '.join(ontology().types)}.")]
Mode = Annotated[str | None, Query(max_length=40, pattern=r"^[a-z][a-z_-]{0,39}$",
                                   description="PLOVER mode, e.g. arrest.")]
Actor = Annotated[str | None, Query(
    max_length=200, description="Actor id (e.g. irq-gov), or part of an actor's name or of "
                                "any spelling seen (case-insensitive); as actor or recipient.")]
Country = Annotated[str | None, Query(
    min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$",
    description="ISO 3166 alpha-3 code of the event's place, e.g. IRQ.")]
ActorCountry = Annotated[str | None, Query(
    min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$",
    description="ISO 3166 alpha-3 code of an actor's country (who did it).")]
RecipientCountry = Annotated[str | None, Query(
    min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$",
    description="ISO 3166 alpha-3 code of a recipient's country (to whom).")]
Bbox = Annotated[str | None, Query(
    max_length=100, pattern=rf"^{_LON},{_LAT},{_LON},{_LAT}$",
    description="minlon,minlat,maxlon,maxlat in degrees; only located events inside. "
                "minlon > maxlon crosses the antimeridian; the latitudes may come in either "
                "order.")]
Text = Annotated[str | None, Query(max_length=200, description="Text the evidence sentence or "
                                                               "the story title contains "
                                                               "(case-insensitive).")]
MinConfidence = Annotated[float | None, Query(ge=0, le=1, description="Only events with at "
                                                                      "least this confidence.")]
NegatedOpt = Annotated[Literal["exclude", "include", "only"], Query(
    description="Negated events ('did not attack'): exclude (default), include, or only.")]
ClusterOpt = Annotated[str | None, Query(max_length=64, description="Only the reports of this "
                                                                    "event cluster id.")]
HistoricalOpt = Annotated[Literal["exclude", "include", "only"], Query(
    description="Historical events (background dated over a year before their story, 'in "
                "2011', 'three years ago'): exclude (default), include, or only.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size (1-500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


def _day(name: str, value: str | None) -> date | None:
    """A YYYY-MM-DD query value as a date (a number such as 0 is no date)."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise FilterError(name, f"{name} must be a real date YYYY-MM-DD, got {value!r}"
                          ) from None


def event_filter(since: Since = None, until: Until = None, event: EventType = None,
                 mode: Mode = None, actor: Actor = None, country: Country = None,
                 actor_country: ActorCountry = None, recipient_country: RecipientCountry = None,
                 bbox: Bbox = None, q: Text = None, min_confidence: MinConfidence = None,
                 negated: NegatedOpt = "exclude", cluster: ClusterOpt = None,
                 historical: HistoricalOpt = "exclude") -> EventFilter:
    """The shared event filters of the list, map, stats, network and export routes."""
    try:
        return EventFilter.build(since=_day("since", since), until=_day("until", until),
                                 event=event, mode=mode, actor=actor,
                                 country=country, actor_country=actor_country,
                                 recipient_country=recipient_country, bbox=bbox, q=q,
                                 min_confidence=min_confidence, negated=negated,
                                 cluster=cluster, historical=historical)
    except FilterError as exc:
        raise ApiError(422, "invalid_parameter", exc.message,
                       [{"loc": ["query", exc.param], "msg": exc.message}]) from exc


Filter = Annotated[EventFilter, Depends(event_filter)]

# What a value that fails a parameter's pattern should have been (the pattern itself is no
# help to a reader).
PATTERN_HELP = {
    "since": "must be a day YYYY-MM-DD", "until": "must be a day YYYY-MM-DD",
    "event": f"unknown event type; choose from {', '.join(ontology().types)} (several: "
             f"comma-separated)",
    "mode": "is not a PLOVER mode name (lower case letters and hyphens, e.g. 'arrest')",
    "country": "must be an ISO 3166 alpha-3 code, e.g. IRQ",
    "actor_country": "must be an ISO 3166 alpha-3 code, e.g. IRQ",
    "recipient_country": "must be an ISO 3166 alpha-3 code, e.g. IRQ",
    "bbox": "must be four numbers minlon,minlat,maxlon,maxlat with longitudes in -180..180 "
            "and latitudes in -90..90"}


def _plain(error: Any) -> str:
    """A validation error's message, in words for a pattern mismatch."""
    loc = error.get("loc", ())
    if error.get("type") == "string_pattern_mismatch" and loc and loc[-1] in PATTERN_HELP:
        return f"{error.get('input')!r} {PATTERN_HELP[str(loc[-1])]}"
    return str(error.get("msg", ""))


def _with_highlights(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "highlights": [s.as_dict() for s in spans(record)]}


def _api_routes(app: FastAPI, reader: Reader, export_max_rows: int) -> None:
    errors: dict[int | str, dict[str, Any]] = {
        422: {"model": ErrorBody, "description": "A parameter has a bad value."}}
    missing: dict[int | str, dict[str, Any]] = {
        404: {"model": ErrorBody, "description": "No such item."}}

    @app.get("/api/events", response_model=Page, responses=errors, tags=["events"])
    def list_events(f: Filter, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Events matching the filters, newest first. Each item is the event record (the
        PLOVER-compatible contract) with its `cluster` (other reports of the same happening,
        with the cluster's `dead`) and `highlights` (character spans of actor, trigger and
        recipient in `text`). `dead`, `injured` and `size` are the numbers the sentence gives
        for the event (people killed, hurt, and taking part or targeted), null when none; the
        words they were read from are in `reasons`."""
        with reader.cursor() as cur:
            items, total = query.list_events(cur, f, limit=limit, offset=offset)
        return {"items": [_with_highlights(r) for r in items], "total": total, "limit": limit,
                "offset": offset}

    @app.get("/api/events/{event_id}", responses=missing, tags=["events"])
    def get_event(event_id: Annotated[str, PathParam(max_length=64,
                                                     description="The event id.")]
                  ) -> dict[str, Any]:
        """One event with its evidence sentence (and highlights), its story and the other
        reports of its cluster; `dead`, `injured` and `size` as in /api/events."""
        with reader.cursor() as cur:
            found = query.get_event(cur, event_id)
        if found is None:
            raise ApiError(404, "not_found", f"no event {event_id!r}; list events at "
                           "/api/events")
        found["event"] = _with_highlights(found["event"])
        return found

    @app.get("/api/points", responses=errors, tags=["events"])
    def points(f: Filter, limit: Annotated[int, Query(ge=1, le=50_000, description=(
            "Most points to return (newest first)."))] = 5000) -> dict[str, Any]:
        """Located events for a map: items are [id, lat, lon, quad_code, event, day]; also
        how many match, how many are located and how many have no location."""
        with reader.cursor() as cur:
            return query.points(cur, f, limit=limit)

    @app.get("/api/stats", responses=errors, tags=["events"])
    def stats(f: Filter) -> dict[str, Any]:
        """Counts of the matching events by type, quad class, day and country of location."""
        with reader.cursor() as cur:
            return query.stats(cur, f)

    @app.get("/api/network", responses=errors, tags=["actors"])
    def network(f: Filter, nodes: Annotated[int, Query(ge=2, le=500, description=(
            "How many of the busiest actors to keep."))] = 60) -> dict[str, Any]:
        """The interaction network of the matching events: actors as nodes, actor→recipient
        edges with event counts by quad class."""
        with reader.cursor() as cur:
            return query.network(cur, f, nodes=nodes)

    @app.get("/api/actors", response_model=Page, responses=errors, tags=["actors"])
    def list_actors(q: Annotated[str | None, Query(max_length=200, description=(
            "Part of an actor's id, name or any spelling seen."))] = None,
            limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Actors, busiest first, with event counts and how many spellings were seen."""
        with reader.cursor() as cur:
            items, total = query.list_actors(cur, q=q, limit=limit, offset=offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/actors/{actor_id}", responses=missing, tags=["actors"])
    def get_actor(actor_id: Annotated[str, PathParam(max_length=200,
                                                     description="The actor id.")],
                  partners: Annotated[int, Query(ge=1, le=100, description=(
                      "How many top partners to list."))] = 10) -> dict[str, Any]:
        """An actor: every spelling seen with counts, events by type, a monthly timeline and
        the top partners (with counts by quad class)."""
        with reader.cursor() as cur:
            found = query.get_actor(cur, actor_id, partners=partners)
        if found is None:
            raise ApiError(404, "not_found", f"no actor {actor_id!r}; list actors at "
                           "/api/actors")
        return found

    @app.get("/api/actors/{actor_id}/mentions", response_model=Page,
             responses={**errors, **missing}, tags=["actors"])
    def actor_mentions(actor_id: Annotated[str, PathParam(max_length=200,
                                                          description="The actor id.")],
                       limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Every mention of the actor in context (the event and its sentence), newest first."""
        with reader.cursor() as cur:
            items, total = query.actor_mentions(cur, actor_id, limit=limit, offset=offset)
        if total == 0:
            raise ApiError(404, "not_found", f"no actor {actor_id!r}")
        for item in items:
            item["event"] = _with_highlights(item["event"])
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/stories/{story_id:path}", responses=missing, tags=["stories"])
    def get_story(story_id: Annotated[str, PathParam(max_length=200,
                                                     description="The story id.")]
                  ) -> dict[str, Any]:
        """A stored story: its text, its sentences and the events coded from it."""
        with reader.cursor() as cur:
            found = query.get_story(cur, story_id)
        if found is None:
            raise ApiError(404, "not_found", f"no story {story_id!r}")
        found["events"] = [_with_highlights(r) for r in found["events"]]
        return found

    @app.get("/api/export", responses=errors, tags=["events"],
             response_class=Response)
    def export(f: Filter,
               format: Annotated[Literal["csv", "jsonl", "geojson", "parquet", "acled", "gdelt",
                                         "polecat"], Query(
                   description="csv (flat, one row an event), jsonl (event records), geojson "
                               "(located events), parquet (flat columns), or an analyst's "
                               "shape: acled (ACLED's CSV columns, fatalities from the "
                               "event's cluster; events with no ACLED type left out), "
                               "gdelt (GDELT 2.0's event table, tab-separated, no "
                               "header) or polecat (POLECAT's TSV columns); see "
                               "docs/CODEBOOK.md.")] = "csv",
               limit: int | None = Query(  # a default, not Annotated: the cap is known only here
                   None, ge=1, le=export_max_rows, description=(
                       f"Most events to export (oldest first); at most {export_max_rows:,} "
                       f"(the server's api_export_max_rows setting), also the default."))
               ) -> Response:
        """Download the matching events, oldest first, with their cluster (id and how many
        events, stories and sources report it). Streamed as it is read: the download starts
        at once, and stops on the server when the client leaves."""
        return StreamingResponse(
            downloads.stream(reader, f, format, limit or export_max_rows),
            media_type=MEDIA[format],
            headers={"Content-Disposition":
                     f'attachment; filename="{FILE_NAMES.get(format, f"khaldun-events.{format}")}"'
                     })


class Accepted(BaseModel):
    job_id: str = Field(description="The job id.")
    status: Literal["queued", "coding", "done", "failed"] = Field(
        description="queued, coding, done (stored) or failed (nothing stored).")
    url: str = Field(description="Where to ask for the job's status: /api/jobs/{id}.")
    stories_submitted: int = Field(description="Stories in the request.")
    submitted: str = Field(description="When the job was queued (UTC).")
    finished: str | None = Field(description="When it was stored or failed (UTC).")
    result: dict[str, Any] | None = Field(description=(
        "When done: stories (newly stored), unchanged, replaced, events, event_ids and "
        "rejections (story_id, stage, reason)."))
    error: str | None = Field(description="Why the job failed.")
    position: int | None = Field(None, description=(
        "Jobs ahead of this one in the queue (on submission)."))


def _write_routes(app: FastAPI, jobs: CodingQueue) -> None:
    def authorised(authorization: Annotated[str | None, Header(
            description="Bearer <token> (the token the server was started with).")] = None
                   ) -> None:
        """Declares the header in the OpenAPI document; the token itself is checked by the
        guard (apps/guard.py) before the body is read."""

    @app.post("/api/stories", dependencies=[Depends(authorised)], tags=["stories"],
              status_code=202, response_model=Accepted,
              responses={200: {"model": Accepted, "description": "The job finished within "
                                                                 "`wait` seconds."},
                         400: {"model": ErrorBody, "description": "The body is not JSON."},
                         401: {"model": ErrorBody}, 403: {"model": ErrorBody},
                         413: {"model": ErrorBody}, 422: {"model": ErrorBody},
                         503: {"model": ErrorBody, "description": "The queue is full."}})
    def code_stories(body: StoriesIn, response: Response,
                     wait: Annotated[float, Query(ge=0, le=60, description=(
                         "Seconds to wait for the job to finish before answering (0: answer "
                         "at once with 202)."))] = 0) -> dict[str, Any]:
        """Queue stories to be coded into the database (only when the server has a token).
        Answers at once with the job (202; poll its `url`), or, with `wait`, when it finished
        (200). Coding runs outside the request path: reads do not wait for it. Stories
        already stored with the same content are left alone."""
        stories: list[Story | Rejection] = [
            Story(id=s.id, text=s.text,
                  published=s.published,
                  title=s.title, source=s.source, url=s.url, origin="api")
            for s in body.stories]
        try:
            job = jobs.submit(stories)
        except QueueFull as exc:
            raise ApiError(503, "queue_full", str(exc)) from exc
        position = jobs.position(job)
        if wait and job.done.wait(wait):
            response.status_code = 200
        return {**job.as_dict(), "position": position}

    @app.get("/api/jobs/{job_id}", response_model=Accepted, responses={
        404: {"model": ErrorBody, "description": "No such job."}}, tags=["stories"])
    def get_job(job_id: Annotated[str, PathParam(max_length=64,
                                                 description="The job id.")]
                ) -> dict[str, Any]:
        """A coding job: its status and, when done, what was stored. The last 1,000
        finished jobs are remembered until the server stops."""
        job = jobs.get(job_id)
        if job is None:
            raise ApiError(404, "not_found", f"no job {job_id!r}")
        return job.as_dict()


def create_app(db_path: str, *, token: str | None = None,
               coder: Callable[[], Any] | None = None,
               allowed_hosts: tuple[str, ...] | None = None,
               max_request_bytes: int = 8 * 1024 * 1024,
               export_max_rows: int = 1_000_000, watch: WatchPlan | None = None,
               memory_mb: int | None = None) -> FastAPI:
    """The API and web pages over one database file (opened read-only).

    With a `token`, POST /api/stories queues stories to be coded into the file (apps/jobs.py):
    by the coder that `coder()` returns, in the queue's thread, or by default by `Coder.load`
    on the settings in a worker process.
    Requests to other Host names than `allowed_hosts` (None: any), bodies over
    `max_request_bytes` and writes without the token are refused before anything is read
    (apps/guard.py). An export streams at most `export_max_rows` events. With `watch`, a
    watcher codes what is new in its folders and feeds through the same queue, cycle after
    cycle, while the server serves. `memory_mb` caps DuckDB's memory (the rest spills to
    disk). Raises StoreError when the file is missing or not a
    Khaldun database.
    """
    reader = Reader.open(db_path, memory_mb=memory_mb)
    jobs: CodingQueue | None = None
    worker: WorkerProcess | None = None
    if (token or watch) and coder is not None:
        jobs = CodingQueue(reader, code_in_thread(coder))
    elif token or watch:
        from khaldun.settings import load_settings

        worker = WorkerProcess(load_settings())
        jobs = CodingQueue(reader, worker)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        stop = start_in_server(watch, reader, jobs, _log) if watch and jobs else None
        yield
        if stop is not None:
            stop.set()
        if jobs is not None:
            jobs.close()
        if worker is not None:
            worker.close()
        reader.close()

    app = FastAPI(title="Khaldun", version=__version__, lifespan=lifespan,
                  description="Political event data coded from news: events with their "
                              "evidence, actors, stories, stats and exports. Read-only unless "
                              "the server has a token. Every error has the body "
                              '{"error": {"status", "code", "message", "details"}}.',
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.reader = reader
    app.state.writable = token is not None

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/api"

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        if not is_api(request):
            return pages.error_page(request, exc.status, exc.message)
        return _error(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": list(e.get("loc", ())), "msg": _plain(e)} for e in exc.errors()]
        message = "; ".join(f"{'.'.join(str(p) for p in d['loc'][1:]) or 'body'}: {d['msg']}"
                            for d in details)
        if not is_api(request):
            return pages.error_page(request, 422, message)
        return _error(422, "invalid_parameter", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _code_for(exc.status_code)
        if exc.status_code == 404:
            message = f"no such page {request.url.path}; the API is under /api (see " \
                      "/api/openapi.json)"
        response = pages.error_page(request, exc.status_code, message) if not is_api(request) \
            else _error(exc.status_code, _code_for(exc.status_code), message)
        response.headers.update(exc.headers or {})  # 405 says which methods are allowed
        return response

    @app.exception_handler(KhaldunError)
    async def khaldun_error(request: Request, exc: KhaldunError) -> Response:
        if not is_api(request):
            return pages.error_page(request, 503, str(exc))
        return _error(503, "unavailable", str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        message = "internal error; the server log has the details"
        if not is_api(request):
            return pages.error_page(request, 500, message)
        return _error(500, "internal_error", message)

    _api_routes(app, reader, export_max_rows)
    if jobs is not None and token:
        _write_routes(app, jobs)
    pages.mount(app, reader)
    app.add_middleware(SecurityHeaders, headers={
        "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer"})
    app.add_middleware(ResponseCache, generation=lambda: reader.generation)
    app.add_middleware(Guard, hosts=allowed_hosts, max_bytes=max_request_bytes,
                       token=token or None)
    return app


def _log(line: str) -> None:
    print(line, flush=True)


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, *, allowed_hosts: str = "127.0.0.1,localhost,::1",
          max_request_bytes: int = 8 * 1024 * 1024, export_max_rows: int = 1_000_000,
          watch: WatchPlan | None = None, memory_mb: int | None = None) -> None:
    """Serve the API and web pages on host:port until interrupted (blocks). The Host names
    it answers to are `allowed_hosts` (comma-separated) and the host it serves on."""
    import uvicorn

    hosts = tuple(h.strip() for h in allowed_hosts.split(",") if h.strip())
    app = create_app(db_path, token=token, allowed_hosts=(*hosts, host),
                     max_request_bytes=max_request_bytes, export_max_rows=export_max_rows,
                     watch=watch, memory_mb=memory_mb)
    print(f"Khaldun is serving {db_path} at http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


__all__ = ["EXPORT_FORMATS", "NEGATED", "ApiError", "create_app", "serve"]
