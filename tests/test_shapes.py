"""Issue 15 item 3: exports in ACLED's, GDELT's and POLECAT's shapes load with pandas and
DuckDB, with the right columns in the right order and a known row."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from khaldun.apps.api import create_app
from khaldun.store.db import Store
from khaldun.store.export import export
from khaldun.store.shapes import (
    ACLED_COLUMNS,
    GDELT_COLUMNS,
    POLECAT_COLUMNS,
    acled_row,
    acled_type,
    gdelt_row,
)
from tests.test_api import make_db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_db(tmp_path_factory.mktemp("shapes") / "events.duckdb")


def test_shapes_acled_has_acleds_columns_in_order_and_a_known_row(db: Path,
                                                                   tmp_path: Path) -> None:
    # The order of ACLED's codebook ("Data columns", 2023).
    assert ACLED_COLUMNS[:7] == ("event_id_cnty", "event_date", "year", "time_precision",
                                 "disorder_type", "event_type", "sub_event_type")
    assert len(ACLED_COLUMNS) == 31 and ACLED_COLUMNS[-3:] == ("fatalities", "tags",
                                                               "timestamp")
    out = tmp_path / "acled.csv"
    with Store.open(db, read_only=True) as store:
        written = export(store, "acled", out)
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == ACLED_COLUMNS and len(frame) == written
    row = frame[frame.notes.str.contains("attacked", na=False)].iloc[0]
    assert row.event_type == "Battles" and row.sub_event_type == "Armed clash"
    assert row.event_date == "2008-04-05" and row.year == 2008 and row.iso == "IRQ"
    assert row.country == "Iraq"
    duck = duckdb.read_csv(str(out))
    assert duck.columns == list(ACLED_COLUMNS)
    # Verbal events have no ACLED counterpart: left out, never forced into a category.
    assert acled_type({"event": "CONSULT"}) is None


def test_shapes_gdelt_leaves_an_unknown_country_block_out() -> None:
    # Our codes keep an empty country block (---GOV, as PETRARCH writes it); GDELT writes GOV.
    police = {"name": "unidentified police", "country": None, "sector": "COP", "code": "---COP"}
    army = {"name": "Nigeria military", "country": "NGA", "sector": "MIL", "code": "NGAMIL"}
    row = gdelt_row({"id": "e1", "event": "COERCE", "cameo": "173", "quad_code": 4,
                     "intensity": -5.0, "date": "2024-05-01", "actor": [police],
                     "recipient": [army], "text": "..."}, 1)
    assert (row["Actor1Code"], row["Actor1CountryCode"]) == ("COP", None)
    assert row["Actor2Code"] == "NGAMIL"


def test_shapes_acled_actor_types_and_interaction() -> None:
    troops = {"name": "Nigeria military", "country": "NGA", "sector": "MIL"}
    villagers = {"name": "civilians", "country": "NGA", "sector": "CVL"}
    chad = {"name": "Chad military", "country": "TCD", "sector": "MIL"}
    place = {"name": "Maiduguri", "country_code": "NGA", "lat": 11.8, "lon": 13.2,
             "resolution": "city"}
    base = {"id": "e1", "event": "ASSAULT", "mode": "firearms", "date": "2024-05",
            "date_granularity": "month", "location": place, "text": "..."}
    row = acled_row({**base, "actor": [troops], "recipient": [villagers]}, {"NGA": "Nigeria"})
    assert row is not None
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians",
                                                          "Attack")
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 7, 17)
    assert row["event_date"] == "2024-05-01" and row["time_precision"] == 3
    assert row["civilian_targeting"] == "Civilian targeting" and row["geo_precision"] == 1
    clash = acled_row({**base, "actor": [chad], "recipient": [troops]}, {})
    assert clash is not None and clash["event_type"] == "Battles"
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == (8, 1, 18)
    protest = acled_row({**base, "event": "PROTEST", "mode": "riot", "actor": [villagers],
                         "recipient": []}, {})
    assert protest is not None and protest["event_type"] == "Riots"
    assert (protest["inter1"], protest["interaction"]) == (5, 50)


def test_shapes_gdelt_has_the_61_event_table_columns_and_cameo_as_text(db: Path,
                                                                        tmp_path: Path) -> None:
    assert len(GDELT_COLUMNS) == 61 and GDELT_COLUMNS[0] == "GlobalEventID"
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    out = tmp_path / "gdelt.tsv"
    with Store.open(db, read_only=True) as store:
        written = export(store, "gdelt", out)
    frame = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS,
                        dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})
    assert len(frame) == written == 8
    attack = frame[frame.Actor1Name == "Iraq military"].iloc[0]
    assert attack.EventRootCode == "19" and attack.QuadClass == 4
    assert attack.Day == 20080405 and attack.Year == 2008


def test_shapes_polecat_header_and_api_gives_the_same_columns(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "polecat.tsv"
    with Store.open(db, read_only=True) as store:
        export(store, "polecat", out)
    cli = pd.read_csv(out, sep="\t")
    assert tuple(cli.columns) == POLECAT_COLUMNS
    assert "assault" in set(cli["Event Type"])  # PLOVER's lower-case type names
    with TestClient(create_app(str(db))) as c:
        for fmt, sep in (("polecat", "\t"), ("acled", ",")):
            response = c.get("/api/export", params={"format": fmt})
            assert response.status_code == 200
            api = pd.read_csv(io.StringIO(response.text), sep=sep)
            header = POLECAT_COLUMNS if fmt == "polecat" else ACLED_COLUMNS
            assert tuple(api.columns) == header
        gdelt = c.get("/api/export", params={"format": "gdelt"})
        assert gdelt.headers["content-disposition"].endswith('khaldun-gdelt.tsv"')
        assert len(gdelt.text.splitlines()[0].split("\t")) == 61
