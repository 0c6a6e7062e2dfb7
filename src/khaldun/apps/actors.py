"""What `khaldun actors` does: list and show stored actors, resolve names, import TABARI
dictionaries, and merge or split actors through the user's overrides file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from khaldun.actors.aliases import name_key
from khaldun.actors.coref import people, resolve_in_story
from khaldun.actors.dictionary import (
    COLUMNS,
    OVERRIDES,
    Actor,
    Dictionary,
    parse_tabari,
    parse_tsv,
)
from khaldun.actors.resolve import Resolver
from khaldun.errors import InputError
from khaldun.nlp import Parser
from khaldun.records import Mention, Sentence
from khaldun.store.db import Store

HEADER = ("# Khaldun actor dictionary: " + "\t".join(COLUMNS) + "\n"
          "# aliases '|'-separated; roles ';'-separated, e.g. 'IRQ GOV 2006-05-20..2014-09-08'\n")


def list_actors(store: Store, *, limit: int = 50) -> list[dict[str, Any]]:
    rows = store.con.execute(
        "SELECT a.actor_id, any_value(a.name), any_value(a.kind), any_value(a.country), "
        "any_value(a.sector), count(*) AS mentions, count(DISTINCT a.text) AS spellings, "
        "min(e.date), max(e.date) FROM event_actors a JOIN events e ON e.id = a.event_id "
        "WHERE a.actor_id IS NOT NULL GROUP BY a.actor_id ORDER BY mentions DESC, a.actor_id "
        "LIMIT ?", [limit]).fetchall()
    keys = ("actor_id", "name", "kind", "country", "sector", "mentions", "spellings",
            "first_seen", "last_seen")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def show_actor(store: Store, actor_id: str, dictionary: Dictionary) -> dict[str, Any]:
    spellings = store.con.execute(
        "SELECT a.text, count(*) FROM event_actors a WHERE a.actor_id = ? GROUP BY a.text "
        "ORDER BY count(*) DESC, a.text", [actor_id]).fetchall()
    seen = store.con.execute(
        "SELECT count(*), min(e.date), max(e.date), count(DISTINCT e.story_id) "
        "FROM event_actors a JOIN events e ON e.id = a.event_id WHERE a.actor_id = ?",
        [actor_id]).fetchone() or (0, None, None, 0)
    known = dictionary.actors.get(actor_id)
    return {
        "actor_id": actor_id,
        "name": known.name if known else (spellings[0][0] if spellings else None),
        "in_dictionary": known is not None,
        "aliases": list(known.aliases) if known else [],
        "roles": [str(r) for r in known.roles] if known else [],
        "spellings_seen": [{"text": t, "mentions": n} for t, n in spellings],
        "mentions": seen[0], "stories": seen[3], "first_seen": seen[1], "last_seen": seen[2],
    }


@dataclass(frozen=True, slots=True)
class Resolution:
    query: str
    actor_id: str | None
    name: str | None
    country: str | None
    sector: str | None
    kind: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "actor_id": self.actor_id, "name": self.name,
                "country": self.country, "sector": self.sector, "kind": self.kind,
                "reason": self.reason}


def resolve_names(names: list[str], *, parser: Parser, resolver: Resolver,
                  context: str | None = None) -> list[Resolution]:
    """Resolve each name as it reads in `context` (or on its own). An actor no dictionary
    knows gets actor_id null: its discovered id is given in the reason."""
    out = []
    for name in names:
        text = context if context and name in context else name
        start = text.index(name)
        sentences = parser.parse([(text, 0)], everything=True)[0]
        tokens = tuple(t for s in sentences for t in s.tokens
                       if start <= t.idx < start + len(name))
        if not tokens:
            out.append(Resolution(name, None, None, None, None, None, "no words in the name"))
            continue
        head = next((t for t in reversed(tokens) if t.pos in ("PROPN", "NOUN")), tokens[-1])
        ref = resolver(Mention(name, head, tokens, "query"))
        if context:  # "Mr Sadr" in a context that names Muqtada al-Sadr in full
            parsed = [Sentence("context", n, text[p.start:p.end], p.start, p.end, "text",
                               p.tokens) for n, p in enumerate(sentences)]
            ref = resolve_in_story(ref, len(parsed), people(parsed), resolver.dictionary)
        known = ref.actor_id is not None and not ref.actor_id.startswith("x-")
        reason = ref.reason.removeprefix("query; ")
        if not known:
            reason = (f"unknown: not in any dictionary (discovered id {ref.actor_id})"
                      if ref.actor_id else f"unknown: {reason}")
        out.append(Resolution(name, ref.actor_id if known else None, ref.name, ref.country,
                              ref.sector, ref.kind, reason))
    return out


def import_dictionary(path: Path, folder: Path) -> tuple[Path, int]:
    """Validate a TABARI/PETRARCH/Phoenix (or native TSV) dictionary and store it, in the
    native format, among the user's dictionaries. Returns the stored file and actor count."""
    if not path.is_file():
        raise InputError(f"no dictionary file at {path}")
    text = path.read_text(encoding="utf-8", errors="replace")
    actors = (parse_tsv if path.suffix == ".tsv" else parse_tabari)(text, name=path.name)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}.tsv"
    target.write_text(HEADER + "".join(a.row() + "\n" for a in actors), encoding="utf-8")
    return target, len(actors)


def _write_override(folder: Path, actor: Actor) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / OVERRIDES
    kept = [a for a in (parse_tsv(path.read_text(encoding="utf-8"), name=OVERRIDES)
                        if path.is_file() else []) if a.actor_id != actor.actor_id]
    path.write_text(HEADER + "".join(a.row() + "\n" for a in [*kept, actor]), encoding="utf-8")


def merge(dictionary: Dictionary, keep: str, other: str, folder: Path) -> Actor:
    """Make `other` (an actor id, or a name) one more spelling of the actor `keep`."""
    if keep not in dictionary.actors:
        raise InputError(f"no actor {keep!r} in the dictionary; see `khaldun actors list`")
    target = dictionary.actors[keep]
    names = ([dictionary.actors[other].name, *dictionary.actors[other].aliases]
             if other in dictionary.actors else [other])
    merged = replace(target, aliases=tuple(dict.fromkeys([*target.aliases, *names])))
    _write_override(folder, merged)
    return merged


def split(dictionary: Dictionary, actor_id: str, alias: str, folder: Path) -> Actor:
    """Take a spelling away from an actor: it no longer resolves to it."""
    if actor_id not in dictionary.actors:
        raise InputError(f"no actor {actor_id!r} in the dictionary")
    actor = dictionary.actors[actor_id]
    kept = tuple(a for a in actor.aliases if name_key(a) != name_key(alias))
    if kept == actor.aliases:
        raise InputError(f"{alias!r} is not an alias of {actor_id} "
                         f"(aliases: {', '.join(actor.aliases) or 'none'})")
    smaller = replace(actor, aliases=kept)
    _write_override(folder, smaller)
    return smaller
