"""Exports in the shapes analysts' scripts already read: ACLED's CSV, GDELT 2.0's event table
and POLECAT's record layout. One row per event record; the mappings are documented in
docs/CODEBOOK.md. What Khaldun cannot compute is left empty and named in `NOT_COMPUTED`.

Column lists are facts of the published codebooks (ACLED Codebook 2023, "Data columns";
GDELT 2.0 Event Codebook, "Event table"; POLECAT codebook, "Data fields").
"""

from __future__ import annotations

from datetime import date
from typing import Any

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp")

_GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GDELT_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
              "FeatureID")
GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _GDELT_ACTOR), *(f"Actor2{c}" for c in _GDELT_ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GDELT_GEO), *(f"Actor2Geo_{c}" for c in _GDELT_GEO),
    *(f"ActionGeo_{c}" for c in _GDELT_GEO), "DATEADDED", "SOURCEURL")

POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename",
    "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People",
    "Story Organizations", "Story Locations", "Language", "Version", "Headline", "Story ID",
    "Event Sentence")

# Left empty, and why (the codebook says the same).
NOT_COMPUTED = {
    "acled": {"region": "ACLED's own regional grouping", "admin2": "no admin2 in the gazetteer",
              "admin3": "no admin3 in the gazetteer", "source_scale": "ACLED's judgement",
              "tags": "ACLED's own tags"},
    "gdelt": {"AvgTone": "no tone model", "Actor*KnownGroupCode/EthnicCode/Religion*":
              "not coded", "Actor1Geo_*/Actor2Geo_*": "only the event's place is located",
              "NumMentions": "equals NumArticles (mentions within a story are not counted)"},
    "polecat": {"Actor COW/Recipient COW": "no COW codes", "Wikipedia *": "no Wikidata link",
                "Story People/Organizations/Locations": "not kept per story"},
}

# PLOVER type and mode -> ACLED (disorder_type, event_type, sub_event_type). A type missing here
# (verbal and cooperative events) has no ACLED counterpart and is left out of the ACLED export.
_VIOLENCE, _DEMO, _STRAT = "Political violence", "Demonstrations", "Strategic developments"
_REMOTE = "Explosions/Remote violence"
_VAC = "Violence against civilians"
ACLED_BY_MODE: dict[tuple[str, str], tuple[str, str, str]] = {
    ("ASSAULT", "aerial"): (_VIOLENCE, _REMOTE, "Air/drone strike"),
    ("ASSAULT", "drone"): (_VIOLENCE, _REMOTE, "Air/drone strike"),
    ("ASSAULT", "heavy-weapons"): (_VIOLENCE, _REMOTE, "Shelling/artillery/missile attack"),
    ("ASSAULT", "explosives"): (_VIOLENCE, _REMOTE, "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide-attack"): (_VIOLENCE, _REMOTE, "Suicide bomb"),
    ("ASSAULT", "abduct"): (_VIOLENCE, _VAC, "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): (_VIOLENCE, _VAC, "Sexual violence"),
    ("ASSAULT", "massacre"): (_VIOLENCE, _VAC, "Attack"),
    ("ASSAULT", "torture"): (_VIOLENCE, _VAC, "Attack"),
    ("ASSAULT", "cleansing"): (_VIOLENCE, _VAC, "Attack"),
    ("ASSAULT", "crowd-control"): (f"{_VIOLENCE}; {_DEMO}", "Protests",
                                   "Excessive force against protesters"),
    ("ASSAULT", "destroy"): (_STRAT, _STRAT, "Looting/property destruction"),
    ("PROTEST", "riot"): (_DEMO, "Riots", "Violent demonstration"),
    ("COERCE", "arrest"): (_STRAT, _STRAT, "Arrests"),
    ("COERCE", "seize"): (_STRAT, _STRAT, "Looting/property destruction"),
    ("RETREAT", "ceasefire"): (_STRAT, _STRAT, "Agreement"),
    ("RETREAT", "withdraw"): (_STRAT, _STRAT, "Non-violent transfer of territory"),
}
ACLED_BY_TYPE: dict[str, tuple[str, str, str]] = {
    "PROTEST": (_DEMO, "Protests", "Peaceful protest"),
    "COERCE": (_STRAT, _STRAT, "Other"),
    "MOBILIZE": (_STRAT, _STRAT, "Other"),
    "AGREE": (_STRAT, _STRAT, "Agreement"),
    "RETREAT": (_STRAT, _STRAT, "Other"),
}

# ACLED's interaction codes of an actor (inter1/inter2), from its sector.
_INTER_BY_SECTOR = {"MIL": 1, "GOV": 1, "COP": 1, "SPY": 1, "REB": 2, "INS": 2, "UAF": 3,
                    "CRM": 3, "CVL": 7, "REF": 7, "MED": 7, "EDU": 7, "JRN": 7, "BUS": 7,
                    "LAB": 7, "REL": 7, "HLH": 7, "AGR": 7}


def _first(record: dict[str, Any], role: str) -> dict[str, Any]:
    parties = record.get(role) or []
    return parties[0] if parties else {}


def _others(record: dict[str, Any], role: str) -> str:
    return "; ".join(str(a.get("name") or a.get("text")) for a in (record.get(role) or [])[1:])


def _day(record: dict[str, Any]) -> str | None:
    """The event's day (YYYY-MM-DD): its own when known to the day, else the first day of its
    month or year, else the story's publication day."""
    value = str(record.get("date") or record.get("published") or "")
    if not value:
        return None
    return {4: f"{value}-01-01", 7: f"{value}-01"}.get(len(value), value[:10])


def acled_type(record: dict[str, Any]) -> tuple[str, str, str] | None:
    """ACLED's (disorder_type, event_type, sub_event_type) for an event, or None when its type
    has no ACLED counterpart. An ASSAULT without a more telling mode is an attack on civilians
    when its target is civilian, else an armed clash."""
    kind, mode = str(record.get("event")), str(record.get("mode") or "")
    if (kind, mode) in ACLED_BY_MODE:
        return ACLED_BY_MODE[(kind, mode)]
    if kind == "ASSAULT":
        target = _first(record, "recipient")
        if _INTER_BY_SECTOR.get(str(target.get("sector")), 0) == 7:
            return (_VIOLENCE, _VAC, "Attack")
        return (_VIOLENCE, "Battles", "Armed clash")
    return ACLED_BY_TYPE.get(kind)


def _inter(party: dict[str, Any], record: dict[str, Any]) -> int:
    if not party:
        return 0
    if record.get("event") == "PROTEST" and party is _first(record, "actor"):
        return 5 if record.get("mode") == "riot" else 6
    code = _INTER_BY_SECTOR.get(str(party.get("sector")), 0)
    place = (record.get("location") or {}).get("country_code")
    if code == 1 and place and party.get("country") and party["country"] != place:
        return 8  # state forces outside their own country: external forces
    if party.get("kind") == "igo":
        return 8
    return code


def acled_row(record: dict[str, Any], country_name: dict[str, str]) -> dict[str, Any] | None:
    mapped = acled_type(record)
    if mapped is None:
        return None
    actor, target = _first(record, "actor"), _first(record, "recipient")
    inter1, inter2 = _inter(actor, record), _inter(target, record)
    loc = record.get("location") or {}
    day = _day(record)
    granularity = record.get("date_granularity")
    iso = loc.get("country_code")
    resolution = loc.get("resolution")
    return {
        "event_id_cnty": f"{iso or 'XXX'}{record['id']}", "event_date": day,
        "year": int(day[:4]) if day else None,
        "time_precision": {"day": 1, "month": 3, "year": 3}.get(str(granularity), 1),
        "disorder_type": mapped[0], "event_type": mapped[1], "sub_event_type": mapped[2],
        "actor1": actor.get("name") or actor.get("text"), "assoc_actor_1": _others(record,
                                                                                   "actor"),
        "inter1": inter1 or None, "actor2": target.get("name") or target.get("text"),
        "assoc_actor_2": _others(record, "recipient"), "inter2": inter2 or None,
        # ACLED's two-digit code, lower type first; an actor alone is its type and 0.
        "interaction": (10 * min(inter1, inter2) + max(inter1, inter2)) if inter1 and inter2
        else 10 * inter1 if inter1 else None,
        "civilian_targeting": "Civilian targeting" if mapped[1] == _VAC else "",
        "iso": iso, "region": "", "country": country_name.get(iso or "", ""),
        "admin1": loc.get("admin1") or "", "admin2": "", "admin3": "",
        "location": loc.get("name") or "", "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": None if not loc else 1 if resolution in ("city", "point") else
        2 if resolution == "admin1" else 3,
        "source": record.get("source") or "", "source_scale": "", "notes": record.get("text"),
        "fatalities": fatalities(record), "tags": "",
        "timestamp": None}


def fatalities(record: dict[str, Any]) -> int | None:
    """ACLED's fatalities: the figure of the event's cluster when several reports tell it
    (store/dedup.py gives the rule), else the event's own `dead`; empty when no report gives
    one (ACLED writes 0 only for a reported none, and so does Khaldun: "no one was killed")."""
    cluster = record.get("cluster") or {}
    dead = cluster.get("dead") if cluster.get("dead") is not None else record.get("dead")
    return None if dead is None else int(dead)


def _gdelt_actor(prefix: str, party: dict[str, Any]) -> dict[str, Any]:
    code = party.get("code")  # GDELT leaves an unknown country block out: GOV, not ---GOV
    return {f"{prefix}Code": code.removeprefix("---") if code else code,
            f"{prefix}Name": party.get("name") or party.get("text"),
            f"{prefix}CountryCode": party.get("country"),
            f"{prefix}Type1Code": party.get("sector")}


def gdelt_row(record: dict[str, Any], number: int) -> dict[str, Any]:
    """GDELT 2.0's event table row. GlobalEventID is the export's row number (GDELT's are
    integers); Khaldun's own id goes in SOURCEURL's place only when the story has no URL."""
    day = _day(record) or ""
    cluster = record.get("cluster") or {}
    cameo = str(record.get("cameo") or "")
    loc = record.get("location") or {}
    row: dict[str, Any] = {c: None for c in GDELT_COLUMNS}
    row.update(_gdelt_actor("Actor1", _first(record, "actor")))
    row.update(_gdelt_actor("Actor2", _first(record, "recipient")))
    parsed = date.fromisoformat(day) if len(day) == 10 else None
    row.update({
        "GlobalEventID": number, "Day": int(day.replace("-", "")) if parsed else None,
        "MonthYear": int(day[:7].replace("-", "")) if parsed else None,
        "Year": int(day[:4]) if parsed else None,
        "FractionDate": round(parsed.year + (parsed.timetuple().tm_yday - 1) / 365, 4)
        if parsed else None,
        "IsRootEvent": 1 if record.get("sentence") == 0 else 0,
        "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
        "QuadClass": record.get("quad_code"), "GoldsteinScale": record.get("intensity"),
        "NumMentions": cluster.get("events") or 1, "NumSources": cluster.get("sources") or 1,
        "NumArticles": cluster.get("stories") or 1,
        "ActionGeo_Type": {"country": 1, "admin1": 2, "region": 2}.get(
            str(loc.get("resolution")), 4) if loc else 0,
        "ActionGeo_FullName": loc.get("name"), "ActionGeo_CountryCode": loc.get("country_code"),
        "ActionGeo_ADM1Code": loc.get("admin1"), "ActionGeo_Lat": loc.get("lat"),
        "ActionGeo_Long": loc.get("lon"), "ActionGeo_FeatureID": loc.get("geonameid"),
        "DATEADDED": None, "SOURCEURL": record.get("url") or f"khaldun:{record['id']}"})
    return row


def polecat_row(record: dict[str, Any]) -> dict[str, Any]:
    actor, target = _first(record, "actor"), _first(record, "recipient")
    loc = record.get("location") or {}
    resolution = loc.get("resolution")
    return {
        "Event ID": record["id"], "Event Date": record.get("date"),
        "Event Type": str(record.get("event", "")).lower(), "Event Mode": record.get("mode"),
        "Event Intensity": record.get("intensity"), "Quad Code": record.get("quad_code"),
        "Contexts": "; ".join(record.get("context") or []),
        "Actor Name": actor.get("name"), "Actor Country": actor.get("country"),
        "Actor COW": None, "Primary Actor Sector": actor.get("sector"),
        "Actor Sectors": "; ".join(str(a.get("sector")) for a in record.get("actor") or []
                                   if a.get("sector")),
        "Actor Title": None, "Actor Name Raw": actor.get("text"), "Wikipedia Actor ID": None,
        "Recipient Name": target.get("name"), "Recipient Country": target.get("country"),
        "Recipient COW": None, "Primary Recipient Sector": target.get("sector"),
        "Recipient Sectors": "; ".join(str(a.get("sector")) for a in record.get("recipient")
                                       or [] if a.get("sector")),
        "Recipient Title": None, "Recipient Name Raw": target.get("text"),
        "Wikipedia Recipient ID": None, "Placename": loc.get("name"),
        "City": loc.get("name") if resolution in ("city", "point") else None,
        "District": None, "Province": loc.get("admin1"), "Country": loc.get("country_code"),
        "Latitude": loc.get("lat"), "Longitude": loc.get("lon"),
        "GeoNames ID": loc.get("geonameid"), "Raw Placename": loc.get("text"),
        "Feature Type": resolution, "Source": record.get("source"),
        "Publication Date": record.get("published"), "Story People": None,
        "Story Organizations": None, "Story Locations": None, "Language": "en",
        "Version": record.get("coder"), "Headline": record.get("title"),
        "Story ID": record.get("story_id"), "Event Sentence": record.get("text")}


SHAPES = ("acled", "gdelt", "polecat")


def shape_writer(out: Any, fmt: str, country_name: dict[str, str] | None = None
                 ) -> Any:
    """A function that writes one event record to `out` in an analyst's shape: ACLED as CSV
    with its header, POLECAT as TSV with its header, GDELT as TSV without a header (as GDELT's
    own files are). Events with no ACLED counterpart are skipped by the ACLED writer; the
    function returns whether it wrote a row. Cells are made safe for spreadsheets."""
    import csv

    from khaldun.store.export import safe_cell

    names = country_name if country_name is not None else _country_names()
    columns = {"acled": ACLED_COLUMNS, "gdelt": GDELT_COLUMNS, "polecat": POLECAT_COLUMNS}[fmt]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore",
                            delimiter="," if fmt == "acled" else "\t",
                            lineterminator="\n")
    if fmt != "gdelt":
        writer.writeheader()
    count = [0]

    def write(record: dict[str, Any]) -> bool:
        count[0] += 1
        row = acled_row(record, names) if fmt == "acled" else gdelt_row(record, count[0]) \
            if fmt == "gdelt" else polecat_row(record)
        if row is None:
            return False
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
        return True
    return write


def _country_names() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
