"""Which events a request covers: the filter parameters of the API and the pages, validated
once (`EventFilter`), and the SQL WHERE clause they make (`where`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

import duckdb

from khaldun.events.ontology import ontology

Cursor = duckdb.DuckDBPyConnection


Negated = Literal["exclude", "include", "only"]


NEGATED: tuple[Negated, ...] = ("exclude", "include", "only")


QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


MAX_TEXT = 200


_COUNTRY = re.compile(r"^[A-Za-z]{3}$")


_MODE = re.compile(r"^[a-z][a-z_-]{0,39}$")


class FilterError(ValueError):
    """A filter parameter has a bad value; `param` names it (the API answers 422)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a list, map, stats, network or export covers. Empty filter: all but negated
    and historical (background) events.

    Dates overlap: an event dated only "2008-04" matches since=2008-04-15. `country` is the
    country of the event's place; `actor_country` and `recipient_country` are those of its
    parties. `actor` matches an actor's id, name, code or any spelling seen, in any case.
    """

    since: str | None = None
    until: str | None = None
    event: tuple[str, ...] = ()
    mode: str | None = None
    actor: str | None = None
    country: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    min_confidence: float | None = None
    negated: Negated = "exclude"
    cluster: str | None = None
    historical: Negated = "exclude"  # background events dated over a year before the story

    def without_dates(self) -> EventFilter:
        return replace(self, since=None, until=None)

    @classmethod
    def build(cls, *, since: date | None = None, until: date | None = None,
              event: str | None = None, mode: str | None = None, actor: str | None = None,
              country: str | None = None, bbox: str | None = None, q: str | None = None,
              actor_country: str | None = None, recipient_country: str | None = None,
              min_confidence: float | None = None, negated: str = "exclude",
              cluster: str | None = None, historical: str = "exclude") -> EventFilter:
        """Validate typed parameter values into a filter; raises FilterError. A since after
        until is an empty period: nothing matches."""
        types: tuple[str, ...] = ()
        if event:
            known = ontology().types
            types = tuple(dict.fromkeys(t.strip().upper() for t in event.split(",")
                                        if t.strip()))
            bad = [t for t in types if t not in known]
            if bad:
                raise FilterError("event", f"unknown event type {', '.join(bad)}; "
                                  f"choose from {', '.join(known)}")
        if mode and not _MODE.match(mode):
            raise FilterError("mode", f"mode {mode!r} is not a PLOVER mode name "
                              "(lower case letters and hyphens, e.g. 'arrest')")
        for name, text in (("actor", actor), ("q", q), ("cluster", cluster)):
            if text is not None and len(text) > MAX_TEXT:
                raise FilterError(name, f"{name} is longer than {MAX_TEXT} characters")
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
            raise FilterError("min_confidence", "min_confidence must be between 0 and 1")
        if negated not in NEGATED:
            raise FilterError("negated", f"negated must be one of {', '.join(NEGATED)}")
        if historical not in NEGATED:
            raise FilterError("historical", f"historical must be one of {', '.join(NEGATED)}")
        return cls(since=since.isoformat() if since else None,
                   until=until.isoformat() if until else None, event=types,
                   mode=mode or None, actor=(actor or "").strip() or None,
                   country=country_code("country", country),
                   actor_country=country_code("actor_country", actor_country),
                   recipient_country=country_code("recipient_country", recipient_country),
                   bbox=parse_bbox(bbox),
                   q=(q or "").strip() or None, min_confidence=min_confidence,
                   negated=negated, cluster=cluster or None,
                   historical=historical)

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> EventFilter:
        """A filter from raw query-string values (as a web form sends them; empty = unset)."""
        def get(name: str) -> str | None:
            value = params.get(name)
            return value.strip() if value and value.strip() else None

        def day(name: str) -> date | None:
            value = get(name)
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                raise FilterError(name, f"{name} must be a date YYYY-MM-DD, got {value!r}"
                                  ) from None

        confidence = get("min_confidence")
        try:
            min_conf = float(confidence) if confidence else None
        except ValueError:
            raise FilterError("min_confidence", "min_confidence must be a number") from None
        return cls.build(since=day("since"), until=day("until"), event=get("event"),
                         mode=get("mode"), actor=get("actor"), country=get("country"),
                         actor_country=get("actor_country"),
                         recipient_country=get("recipient_country"),
                         bbox=get("bbox"), q=get("q"), min_confidence=min_conf,
                         negated=get("negated") or "exclude", cluster=get("cluster"),
                         historical=get("historical") or "exclude")

    def as_query(self) -> dict[str, str]:
        """The filter as query-string values (for links such as download buttons)."""
        out: dict[str, str] = {}
        for name in ("since", "until", "mode", "actor", "country", "actor_country",
                     "recipient_country", "q", "cluster"):
            value = getattr(self, name)
            if value:
                out[name] = str(value)
        if self.event:
            out["event"] = ",".join(self.event)
        if self.bbox:
            out["bbox"] = ",".join(f"{v:g}" for v in self.bbox)
        if self.min_confidence is not None:
            out["min_confidence"] = f"{self.min_confidence:g}"
        if self.negated != "exclude":
            out["negated"] = self.negated
        if self.historical != "exclude":
            out["historical"] = self.historical
        return out


def country_code(param: str, value: str | None) -> str | None:
    """An ISO 3166 alpha-3 code from a code or a country's name ('Iraq', 'iraq', 'IRQ'); a
    name that is no country is a FilterError, never a filter that silently matches nothing."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _COUNTRY.match(value):
        return value.upper()
    import pycountry

    wanted = value.casefold()
    for c in pycountry.countries:
        names = (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", ""))
        if wanted in (n.casefold() for n in names if n):
            return str(c.alpha_3)
    raise FilterError(param, f"{param} {value!r} is no country; give an ISO 3166 alpha-3 code "
                             f"(IRQ) or a country's name (Iraq)")


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """'minlon,minlat,maxlon,maxlat' in degrees; minlon > maxlon crosses the antimeridian, and
    the latitudes may come in either order (two corners make one box)."""
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise FilterError("bbox", "bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    min_lon, min_lat, max_lon, max_lat = values
    if not all(-180 <= v <= 180 for v in (min_lon, max_lon)) or \
            not all(-90 <= v <= 90 for v in (min_lat, max_lat)):
        raise FilterError("bbox", "bbox longitudes must lie in -180..180, latitudes in "
                          "-90..90")
    return min_lon, min(min_lat, max_lat), max_lon, max(min_lat, max_lat)


def where(f: EventFilter) -> tuple[str, list[Any]]:
    """`FROM memory.ev e ... WHERE ...` for a filter, and its parameters.

    Filters on other tables (actors, countries of actors, text) are joins to sets of event
    numbers: DuckDB then builds its hash table on the small side.
    """
    joins: list[str] = []
    clauses: list[str] = ["TRUE"]
    join_params: list[Any] = []
    params: list[Any] = []
    if f.actor:
        wanted = f.actor.lower()
        joins.append(
            "JOIN (SELECT DISTINCT n FROM memory.ea WHERE actor_id IN "
            "(SELECT actor_id FROM memory.actor_names WHERE lower(actor_id) = ? "
            "OR contains(lower(name), ?) OR contains(lower(text), ?) "
            "UNION SELECT actor_id FROM memory.actor_summary WHERE lower(code) = ?)) fa "
            "ON fa.n = e.n")
        join_params += [wanted, wanted, wanted, wanted]
    for role, code in (("actor", f.actor_country), ("recipient", f.recipient_country)):
        if code:
            joins.append(f"JOIN (SELECT DISTINCT n FROM memory.ea WHERE role = '{role}' AND "
                         f"country = ?) f{role[0]}c ON f{role[0]}c.n = e.n")
            join_params.append(code)
    if f.country:
        clauses.append("e.country_code = ?")
        params.append(f.country)
    if f.q:
        joins.append("JOIN (SELECT n FROM memory.tx WHERE contains(t, ?)) fq ON fq.n = e.n")
        join_params.append(f.q.lower())
    if f.cluster:
        joins.append("JOIN (SELECT event_id FROM memory.event_clusters WHERE cluster_id = ?) "
                     "fk ON fk.event_id = e.id")
        join_params.append(f.cluster)
    if f.since:
        clauses.append("e.day_end >= ?::DATE")
        params.append(f.since)
    if f.until:
        clauses.append("e.day_start <= ?::DATE")
        params.append(f.until)
    if f.event:
        clauses.append(f"e.event IN ({', '.join('?' for _ in f.event)})")
        params.extend(f.event)
    if f.mode:
        clauses.append("e.mode = ?")
        params.append(f.mode)
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        lon = "e.lon BETWEEN ? AND ?" if min_lon <= max_lon else "(e.lon >= ? OR e.lon <= ?)"
        clauses.append(f"e.lat BETWEEN ? AND ? AND {lon}")
        params += [min_lat, max_lat, min_lon, max_lon]
    if f.min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(f.min_confidence)
    if f.negated == "exclude":
        clauses.append("NOT e.negated")
    elif f.negated == "only":
        clauses.append("e.negated")
    if f.historical == "exclude":
        clauses.append("NOT e.historical")
    elif f.historical == "only":
        clauses.append("e.historical")
    sql = f"FROM memory.ev e {' '.join(joins)} WHERE {' AND '.join(clauses)}"
    return sql, join_params + params
