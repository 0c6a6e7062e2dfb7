"""Event words in a non-political sense: the sports page ("attacked from the wings", "fired a
shot at the goalkeeper"), private business and schooling ("investors rejected the merger",
"rejected by four colleges"), soldiers out on patrol ("take to the streets"). Each rule says
why an event found by the lexicon is not one; the sports and business words are data
(events/data/senses.tsv)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from khaldun.actors.dictionary import BLOCS
from khaldun.errors import DataFileError
from khaldun.records import ActorRef, Token

DOMAINS = ("sports", "business")
# Sectors of the state and of armed groups: an event with one of them is political.
_POLITICAL = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "REB", "UAF", "SPY", "OPP", "PTY",
                        "ELI"})
_PRIVATE = frozenset({"BUS", "EDU"})
# Verbal and cooperative types, which private parties do among themselves all the time.
_DEALINGS = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "REJECT", "REQUEST"})
_VIOLENT = frozenset({"ASSAULT", "COERCE", "THREATEN"})


@cache
def domain_words() -> dict[str, str]:
    text = resources.files("khaldun.events").joinpath("data", "senses.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or cells[1] not in DOMAINS:
            raise DataFileError(f"senses.tsv:{number}: expected 'lemma<TAB>sports|business'")
        out[cells[0]] = cells[1]
    return out


def _of_the_state(parties: tuple[ActorRef, ...]) -> bool:
    """A party of the state, an armed group or an international body."""
    return any(p.sector in _POLITICAL or p.kind == "state" or p.country in BLOCS
               for p in parties)


def _unknown_named(parties: tuple[ActorRef, ...]) -> bool:
    """A named party whose sector is unknown ("The Minister", a name no dictionary knows)."""
    return any(p.kind in ("person", "organization") and p.sector is None for p in parties)


def other_sense(event_type: str, tokens: tuple[Token, ...], actors: tuple[ActorRef, ...],
                recipients: tuple[ActorRef, ...]) -> str | None:
    """Why the event is a non-political sense of its word, or None when it is an event."""
    parties = (*actors, *recipients)
    if _of_the_state(parties):
        return None
    words = domain_words()
    domains = {words[t.lemma]: t.text for t in tokens if t.lemma in words}
    if "sports" in domains and event_type in _VIOLENT | _DEALINGS:
        # (clubs and players are names no dictionary knows: they do not make it political)
        return f"sports news ('{domains['sports']}'), not a political {event_type}"
    if _unknown_named(parties):
        return None
    sectors = {p.sector for p in parties if p.sector}
    if event_type in _DEALINGS and (("business" in domains and sectors <= _PRIVATE)
                                    or (sectors and sectors <= _PRIVATE)):
        return f"dealings between private parties ({', '.join(sorted(sectors)) or 'business'})"
    return None


def soldiers_out(event_type: str, actors: tuple[ActorRef, ...]) -> str | None:
    """Soldiers "taking to the streets" are deployed, not protesting."""
    if event_type == "PROTEST" and actors and all(a.sector == "MIL" for a in actors):
        return "soldiers in the streets are deployed, not protesting"
    return None
