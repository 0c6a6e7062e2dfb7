"""The actor dictionary: named people and organisations, their spellings and dated roles.

Sources, later ones winning: the bundled `data/actors.tsv`, dictionaries a user imported
(TABARI / PETRARCH / Phoenix format) and the user's overrides file. Every name and alias is
indexed by its variant key (aliases.name_key), so any spelling of a known name finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path

from khaldun.actors.aliases import fold, loose_key, name_key
from khaldun.errors import DataFileError
from khaldun.records import ActorRef, Event
from khaldun.settings import Settings

KINDS = frozenset({"person", "organization", "state", "generic"})
SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "REB", "OPP", "PTY", "REL", "SPY", "CVL",
                     "BUS", "MED", "EDU", "LAB", "REF", "ELI", "CRM", "UAF", "UNK"})
_ROLE = re.compile(r"^(?P<country>[A-Z]{3})\s+(?P<sector>[A-Z]{3})\s+"
                   r"(?P<start>\d{4}-\d{2}-\d{2})?\.\.(?P<end>\d{4}-\d{2}-\d{2})?$")
COLUMNS = ("actor_id", "name", "aliases", "kind", "country", "sector", "roles")
# PLOVER's blocs for the UN system and the EU: their bodies' country field, and CAMEO's
# IGO code of each (DESIGN.md section 3: IGOUNO, IGOEUREEC).
BLOCS = frozenset({"IGO", "UNO", "EUR", "NGO"})


def actor_code(country: str | None, sector: str | None) -> str | None:
    """The CAMEO-style code of a country (or bloc) and a sector: IRQGOV, USAMIL; UN bodies
    IGOUNO (IGOUNOMIL for peacekeepers), the EU IGOEUREEC (IGOEURLEG for its parliament); a
    sector whose country is unknown keeps an empty country block, as PETRARCH and Phoenix
    write it: ---GOV."""
    if country == "UNO":
        return "IGOUNO" + ("" if sector in (None, "GOV") else sector)
    if country == "EUR":
        return "IGOEUREEC" if sector in (None, "GOV") else f"IGOEUR{sector}"
    if country is None:
        return f"---{sector}" if sector else None
    return f"{country}{sector or ''}"


@dataclass(frozen=True, slots=True)
class Role:
    country: str
    sector: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        return (f"{self.country} {self.sector} {self.start.isoformat() if self.start else ''}.."
                f"{self.end.isoformat() if self.end else ''}")


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    sector: str | None
    roles: tuple[Role, ...] = ()

    def at(self, when: str | None) -> tuple[str | None, str | None]:
        """(country, sector) on a date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"): the role then held,
        else the actor's usual ones."""
        if when:
            parts = [int(p) for p in when.split("-")] + [1, 1]
            day = date(parts[0], parts[1], parts[2])
            for role in self.roles:
                if role.covers(day):
                    return role.country, role.sector
        return self.country, self.sector

    def row(self) -> str:
        return "\t".join([self.actor_id, self.name, "|".join(self.aliases) or "-", self.kind,
                          self.country or "-", self.sector or "-",
                          ";".join(map(str, self.roles)) or "-"])


@dataclass
class Dictionary:
    actors: dict[str, Actor] = field(default_factory=dict)
    index: dict[str, list[str]] = field(default_factory=dict)  # name key -> actor ids
    loose: dict[str, list[str]] = field(default_factory=dict)  # loose key -> actor ids
    # surname key -> ids of the office holders (people with dated roles) of that surname
    surnames: dict[str, list[str]] = field(default_factory=dict)

    def add(self, actor: Actor, *, override: bool = False) -> None:
        """Add or replace an actor; its names point to it from now on. With `override`, its
        names stop pointing to any other actor (a user's dictionary wins over the bundled)."""
        if override:
            for name in (actor.name, *actor.aliases):
                for index, key in ((self.index, name_key(name)), (self.loose, loose_key(name))):
                    if key in index:
                        index[key] = [i for i in index[key] if i == actor.actor_id]
        old = self.actors.get(actor.actor_id)
        for names, keep in ((old, False), (actor, True)):
            if names is None:
                continue
            for name in (names.name, *names.aliases):
                for index, key in ((self.index, name_key(name)), (self.loose, loose_key(name))):
                    ids = index.setdefault(key, []) if key else []
                    if keep and key and actor.actor_id not in ids:
                        ids.append(actor.actor_id)
                    elif not keep and actor.actor_id in ids:
                        ids.remove(actor.actor_id)
        self.actors[actor.actor_id] = actor
        for holder in (old, actor):
            if holder is None or holder.kind != "person" or not holder.roles:
                continue
            ids = self.surnames.setdefault(name_key(holder.name.split()[-1]), [])
            if holder is actor and actor.actor_id not in ids:
                ids.append(actor.actor_id)
            elif holder is old and holder is not actor and old.actor_id in ids:
                ids.remove(old.actor_id)

    def by_surname(self, name: str) -> Actor | None:
        """The one office holder of this surname ("Putin", "Obama"), or None when none or
        several hold it ("Bush", "Kim") or the word also names another actor."""
        key = name_key(name)
        ids = self.surnames.get(key, [])
        if len(ids) != 1 or len(key.replace(" ", "")) < 4 or self.index.get(key):
            return None
        return self.actors[ids[0]]

    def extend(self, actors: Iterable[Actor], *, override: bool = False) -> Dictionary:
        for actor in actors:
            self.add(actor, override=override)
        return self

    def lookup(self, name: str, *, loose: bool = True) -> Actor | None:
        """The one actor a name means, or None (unknown, or shared by several actors). The
        loose key is tried only when the name key finds nothing (and `loose` allows it)."""
        loose_name = loose_key(name) if loose else ""
        if len(loose_name.replace(" ", "")) < 4:
            loose_name = ""  # short skeletons collide ("who", "Huawei")
        for index, key in ((self.index, name_key(name)), (self.loose, loose_name)):
            ids = index.get(key, []) if key else []
            if len(ids) == 1:
                return self.actors[ids[0]]
            exact = [i for i in ids if fold(self.actors[i].name) == fold(name)]
            if len(exact) == 1:
                return self.actors[exact[0]]
            if ids:
                return None  # ambiguous: do not guess
        return None

    def candidates(self, name: str) -> list[Actor]:
        return [self.actors[i] for i in self.index.get(name_key(name), [])]


def with_roles(event: Event, dictionary: Dictionary) -> Event:
    """The event with each dictionary actor's country and sector as of the event's date
    (Nouri al-Maliki is IRQ GOV in 2008, IRQ ELI in 2016)."""
    def dated(ref: ActorRef) -> ActorRef:
        actor = dictionary.actors.get(ref.actor_id or "")
        if actor is None or not actor.roles:
            return ref
        country, sector = actor.at(event.date)
        if (country, sector) == (ref.country, ref.sector):
            return ref
        return replace(ref, country=country, sector=sector,
                       code=actor_code(country, sector),
                       reason=f"{ref.reason}; {country} {sector} on {event.date}")

    actors = tuple(map(dated, event.actor))
    recipients = tuple(map(dated, event.recipient))
    if actors == event.actor and recipients == event.recipient:
        return event
    return replace(event, actor=actors, recipient=recipients)


def _date(text: str | None, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DataFileError(f"{where}: bad date {text!r} (use YYYY-MM-DD)") from exc


def parse_tsv(text: str, *, name: str = "actors.tsv") -> list[Actor]:
    """Read the native format: the seven tab-separated COLUMNS, '|' between aliases, ';'
    between roles written as 'IRQ GOV 2006-05-20..2014-09-08'."""
    actors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{name}:{number}"
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != len(COLUMNS):
            raise DataFileError(f"{where}: expected {len(COLUMNS)} tab-separated cells "
                                f"({', '.join(COLUMNS)}), found {len(cells)}")
        actor_id, full, aliases, kind, country, sector, roles = cells
        if kind not in KINDS:
            raise DataFileError(f"{where}: kind must be one of {sorted(KINDS)}, not {kind!r}")
        if sector != "-" and sector not in SECTORS:
            raise DataFileError(f"{where}: unknown sector {sector!r}")
        parsed_roles = []
        for raw in ([] if roles == "-" else roles.split(";")):
            m = _ROLE.match(raw.strip())
            if not m:
                raise DataFileError(f"{where}: role {raw!r} is not like "
                                    f"'IRQ GOV 2006-05-20..2014-09-08'")
            parsed_roles.append(Role(m["country"], m["sector"], _date(m["start"], where),
                                     _date(m["end"], where)))
        actors.append(Actor(actor_id, full, tuple(a for a in aliases.split("|") if a and a != "-"),
                            kind, None if country == "-" else country,
                            None if sector == "-" else sector, tuple(parsed_roles)))
    return actors


def _tabari_name(raw: str) -> str:
    """BURKINA_FASO_ -> Burkina Faso; keeps what is in capitals as written otherwise."""
    words = raw.strip().strip("_+").replace("_", " ").split()
    return " ".join(w if len(w) <= 4 and w.isupper() and not w.isalpha() else w.title()
                    for w in words)


def _tabari_date(text: str) -> date | None:
    """yymmdd (two-digit years pivot at 30) or yyyymmdd; anything else is left open."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    if len(text) != 8:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]) or 1, int(text[6:8]) or 1)
    except ValueError:
        return None


# [CODE], [CODE yymmdd-yymmdd], [CODE -yymmdd], [CODE <yyyymmdd] (until), [CODE >yyyymmdd] (from)
_CODE = re.compile(r"\[(?P<code>[A-Z0-9]{3,15})(?:\s+(?P<op>[<>])?(?P<start>\d+)?"
                   r"(?:-(?P<end>\d+)?)?)?\s*\]")


def _code_dates(m: re.Match[str]) -> tuple[date | None, date | None]:
    first = _tabari_date(m["start"] or "")
    if m["op"] == "<":
        return None, first
    return first, _tabari_date(m["end"] or "")


def _split_code(code: str) -> tuple[str, str]:
    """Country (or bloc) and sector of a CAMEO actor code: IRQGOV, IGOUNOMIL, IGOEUREEC."""
    for prefix, bloc in (("IGOUNO", "UNO"), ("IGOEUR", "EUR")):
        if code.startswith(prefix):
            return bloc, code[6:9] if code[6:9] in SECTORS else "GOV"
    return code[:3], code[3:6]


@dataclass
class _Entry:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, date | None, date | None]] = field(default_factory=list)

    def actor(self) -> Actor:
        undated = [c for c in self.codes if c[1] is None and c[2] is None]
        default = undated[0] if undated else (self.codes[-1] if self.codes else None)
        roles = tuple(Role(*_split_code(c[0]), c[1], c[2]) for c in self.codes
                      if (c[1] or c[2]) and len(c[0]) >= 6)
        country, sector = _split_code(default[0]) if default else (None, None)
        return Actor(
            actor_id=f"tabari-{re.sub(r'[^a-z0-9]+', '-', self.name.lower()).strip('-')}",
            name=self.name, aliases=tuple(self.aliases),
            kind="person" if sector in ("GOV", "ELI") and not self.aliases[:0] else
            "organization",
            country=country, sector=sector if sector in SECTORS else None, roles=roles)


def parse_tabari(text: str, *, name: str = "dictionary") -> list[Actor]:
    """Read a TABARI / PETRARCH / Phoenix actor dictionary: a primary NAME_ line, '+ALIAS'
    lines, and '[CODE yymmdd-yymmdd]' codes (on the primary line or on lines of their own);
    '#' starts a comment."""
    entries: list[_Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].replace("\x00", "").rstrip()
        if not line.strip():
            continue
        codes = [(m["code"], *_code_dates(m)) for m in _CODE.finditer(line)]
        bare = _CODE.sub("", line).strip()
        if line.startswith("+") or line[0].isspace() or not bare:
            if not entries:
                raise DataFileError(f"{name}:{number}: {line.strip()!r} comes before any actor")
            if line.startswith("+"):
                entries[-1].aliases.append(_tabari_name(bare))
            entries[-1].codes.extend(codes)
        else:
            entries.append(_Entry(_tabari_name(bare), codes=codes))
    return [e.actor() for e in entries]


OVERRIDES = "overrides.tsv"


def user_dictionaries(settings: Settings) -> list[Path]:
    """The user's dictionary files in load order: imports by name, the overrides file last."""
    folder = Path(settings.actors_dir).expanduser()
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".tsv", ".txt")
                   and p.name != OVERRIDES)
    overrides = folder / OVERRIDES
    return files + ([overrides] if overrides.is_file() else [])


def default_dictionary() -> Dictionary:
    text = resources.files("khaldun.actors").joinpath("data", "actors.tsv").read_text("utf-8")
    return Dictionary().extend(parse_tsv(text))


def load_dictionary(user_files: Iterable[Path] = ()) -> Dictionary:
    """The bundled dictionary, then each user file (native TSV or TABARI) over it."""
    dictionary = default_dictionary()
    for path in user_files:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            reader = parse_tsv if path.suffix == ".tsv" else parse_tabari
            dictionary.extend(reader(text, name=path.name), override=True)
    return dictionary
