"""The server-rendered pages: events (map, timeline, list), event, actor, story, network.

Pages are Jinja2 templates with autoescaping on for every template: story text is untrusted and
is only ever inserted as escaped text. Scripts are small static files (no inline script; the
Content-Security-Policy forbids it); data for them travels in data-* attributes or JSON routes.
Leaflet and its clustering plugin are served from the installed xstatic packages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from khaldun import __version__
from khaldun.apps.web.evidence import evidence, story_segments
from khaldun.events.ontology import ontology
from khaldun.store import query
from khaldun.store.filters import QUADS, EventFilter, FilterError
from khaldun.store.reader import Reader

HERE = Path(__file__).parent
PAGE_SIZE = 25
MENTIONS_PAGE = 50

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined)
templates = Jinja2Templates(env=_env)


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links (no javascript: or data: URLs)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _query_string(params: dict[str, str], **extra: Any) -> str:
    merged = {**params, **{k: str(v) for k, v in extra.items() if v is not None}}
    return urlencode(merged)


_env.globals.update(quads=QUADS, version=__version__, types=ontology().types,
                    evidence=evidence, safe_url=_safe_url, qs=_query_string)


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    return _render(request, "error.html", status=status, status_code=status, message=message)


def _filter(request: Request) -> tuple[EventFilter, str | None]:
    try:
        return EventFilter.from_query(request.query_params), None
    except FilterError as exc:
        return EventFilter(), f"{exc.param}: {exc.message}"


def _offset(request: Request) -> int:
    raw = request.query_params.get("offset", "0")
    # ASCII digits only: "²".isdigit() is true, but int("²") fails
    return max(0, min(int(raw), 10_000_000)) if raw.isascii() and raw.isdigit() else 0


def mount(app: FastAPI, reader: Reader) -> None:
    """Add the pages and the static assets to the app."""
    app.mount("/static/leaflet", StaticFiles(directory=xleaflet.BASE_DIR), name="leaflet")
    app.mount("/static/markercluster", StaticFiles(directory=xcluster.BASE_DIR),
              name="markercluster")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def event_list(request: Request) -> dict[str, Any]:
        f, problem = _filter(request)
        offset = _offset(request)
        with reader.cursor() as cur:
            items, total = query.list_events(cur, f, limit=PAGE_SIZE, offset=offset)
        return {"f": f, "params": f.as_query(), "problem": problem, "items": items,
                "total": total, "offset": offset, "page_size": PAGE_SIZE}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> Response:
        context = event_list(request)
        return _render(request, "index.html", status=422 if context["problem"] else 200,
                       **context)

    @app.get("/fragments/events", response_class=HTMLResponse, include_in_schema=False)
    def events_fragment(request: Request) -> Response:
        context = event_list(request)
        return _render(request, "_events.html", status=422 if context["problem"] else 200,
                       **context)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> Response:
        with reader.cursor() as cur:
            found = query.get_event(cur, event_id)
        if found is None:
            return error_page(request, 404, f"no event {event_id!r}")
        story = found["story"]
        segments = story_segments(story["text"], found["event"]) if story else []
        return _render(request, "event.html", e=found["event"], story=story,
                       reports=found["reports"], story_segments=segments)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request) -> Response:
        q = (request.query_params.get("q") or "").strip()[:200] or None
        offset = _offset(request)
        with reader.cursor() as cur:
            items, total = query.list_actors(cur, q=q, limit=100, offset=offset)
        return _render(request, "actors.html", items=items, total=total, q=q or "",
                       offset=offset, page_size=100)

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, actor_id: str) -> Response:
        offset = _offset(request)
        with reader.cursor() as cur:
            actor = query.get_actor(cur, actor_id, partners=15)
            if actor is None:
                return error_page(request, 404, f"no actor {actor_id!r}")
            mentions, total = query.actor_mentions(cur, actor_id, limit=MENTIONS_PAGE,
                                                   offset=offset)
        peak = max((t["count"] for t in actor["timeline"]), default=0)
        return _render(request, "actor.html", a=actor, mentions=mentions, total=total,
                       offset=offset, page_size=MENTIONS_PAGE, peak=peak)

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> Response:
        with reader.cursor() as cur:
            story = query.get_story(cur, story_id)
        if story is None:
            return error_page(request, 404, f"no story {story_id!r}")
        return _render(request, "story.html", story=story)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request) -> Response:
        f, problem = _filter(request)
        return _render(request, "network.html", status=422 if problem else 200, f=f,
                       params=f.as_query(), problem=problem)
