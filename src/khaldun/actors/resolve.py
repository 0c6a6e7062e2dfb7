"""Resolve an actor mention to an actor: a state, a generic actor (country + agent noun), or a
named actor that no dictionary knows yet ("discovered", with an id from its normalised name).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from khaldun.actors.aliases import TITLES, fold, name_key
from khaldun.actors.dictionary import SECTORS, Dictionary, actor_code
from khaldun.errors import DataFileError
from khaldun.events.parse_tree import PRONOUNS, text_of
from khaldun.records import ActorRef, Mention, Token

_DROP = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "some", "many",
                   "several", "'s", "’s", "'", "mr", "mrs", "ms", "dr"})


DISCOVERED = "; discovered name, not in the actor dictionary"
# A coalition of these is a political one (a party alliance), not a coalition of states.
_POLITICAL_COALITION = frozenset({"ruling", "governing", "opposition", "party", "electoral",
                                  "government", "parliamentary", "left", "right", "centrist"})
# Nouns for a part of a state's territory, which CAMEO codes as the state ("shelled Syria's
# second city", "a target in Iraq").
_PLACE_HEADS = frozenset({"city", "town", "village", "province", "region", "district", "port",
                          "capital", "county", "area", "enclave", "territory", "part",
                          "border", "base", "target", "neighbourhood", "neighborhood", "suburb",
                          "outskirts", "camp", "position", "stronghold"})


def discovered_id(name: str) -> str | None:
    """The id of a name no dictionary knows: its variant key, so every spelling shares it
    ("Moqtada al-Sadr" and "Muqtada el-Sadr" are both x-mktd-sdr), in every story."""
    key = name_key(name)
    return f"x-{key.replace(' ', '-')}" if key else (slug(name) or None)


def ref_key(ref: ActorRef) -> str:
    """What tells one actor reference from another within a sentence: its id, but for a
    generic actor also its words, since "its embassy" and "a former vice president" share
    the id of an unnamed government actor and are still two recipients."""
    if ref.kind == "generic" and ref.actor_id is not None:
        return f"{ref.actor_id}/{slug(ref.text)}"
    return ref.actor_id or ref.text


def slug(text: str) -> str:
    words = [w for w in fold(text).replace("-", " ").split() if w not in _DROP]
    return "-".join(words)


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    names: dict[str, Country]  # folded name or alias -> country
    demonyms: dict[str, Country]
    capitals: dict[str, Country]
    agents: dict[str, str]  # folded singular noun -> sector


def _rows(name: str, columns: int) -> list[tuple[int, list[str]]]:
    text = resources.files("khaldun.actors").joinpath("data", name).read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != columns:
            raise DataFileError(f"{name}:{number}: expected {columns} tab-separated cells, "
                                f"found {len(cells)}")
        rows.append((number, cells))
    return rows


def _split(cell: str) -> list[str]:
    return [] if cell == "-" else [p for p in cell.split("|") if p]


@cache
def vocabulary() -> Vocabulary:
    names: dict[str, Country] = {}
    demonyms: dict[str, Country] = {}
    capitals: dict[str, Country] = {}
    for _, (iso3, name, aliases, dems, caps) in _rows("countries.tsv", 5):
        country = Country(iso3, name)
        for alias in [name, *_split(aliases)]:
            names[fold(alias)] = country
        for dem in _split(dems):
            demonyms[fold(dem)] = country
        for cap in _split(caps):
            capitals[fold(cap)] = country
    agents: dict[str, str] = {}
    for number, (noun, sector, _kind) in _rows("agents.tsv", 3):
        if sector not in SECTORS:
            raise DataFileError(f"agents.tsv:{number}: unknown sector {sector!r}")
        agents[fold(noun)] = sector
    return Vocabulary(names, demonyms, capitals, agents)


def _last_entity(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The last entity of a run of entity tokens (a B token starts a new one)."""
    start = max((n for n, t in enumerate(tokens) if t.ent_iob == "B"), default=0)
    return tokens[start:]


class Resolver:
    """Callable that turns a Mention into an ActorRef; vocabulary and dictionary are passed in."""

    def __init__(self, vocab: Vocabulary, dictionary: Dictionary | None = None) -> None:
        self.vocab = vocab
        self.dictionary = dictionary or Dictionary()

    def __call__(self, mention: Mention) -> ActorRef:
        """The actor a mention names; its text stays the mention's whole phrase."""
        if mention.head.lemma in PRONOUNS and mention.head.text not in ("US", "U.S."):
            return ActorRef(mention.text, None, None, None, None, None, None,
                            f"{mention.rule}; pronoun, not resolved in its sentence")
        if self._following(mention):
            return self._generic(mention, self._sector(mention), self._country_word(mention),
                                 note="; a person's followers are not the person")
        # A possessive inside a name ("Kurdistan Workers' Party", "People's Republic of
        # China") is part of it: the whole phrase is tried first.
        whole = self._known(mention, loose=False)
        if whole is not None:
            return whole
        state = self.vocab.names.get(fold(" ".join(t.text for t in mention.tokens
                                                   if t.lemma not in _DROP)))
        if state is not None:
            return ActorRef(mention.text, state.iso3.lower(), state.name, state.iso3, None,
                            "state", state.iso3, f"{mention.rule}; country name")
        # Identity comes from the words after a possessor: "Sadr's Mahdi Army" is the Mahdi Army.
        cut = max((t.i for t in mention.tokens if t.dep == "case" and t.i < mention.head.i),
                  default=-1)
        own = tuple(t for t in mention.tokens if t.i > cut)
        ref = self._identify(Mention(text_of(own), mention.head, own, mention.rule))
        if ref.kind == "generic" and ref.country is None:
            ref = self._belonging(mention, ref, own, cut)
        return replace(ref, text=mention.text)

    def _belonging(self, mention: Mention, ref: ActorRef, own: tuple[Token, ...],
                   cut: int) -> ActorRef:
        """An unnamed actor or thing takes the state that its possessor or its "in/of/from"
        phrase names: "Ghana's government", "Iran's foreign minister" (an agent of the
        possessor state), "a court in Guyana", "the mayor of ... Nablus" (an agent of the
        state where it is); "Syria's second city" stands for the state, as CAMEO codes a
        place by its country."""
        owner = tuple(t for t in mention.tokens if t.i < cut) if cut >= 0 else ()
        nation, where = None, ""
        for words, how in ((owner, "its possessor"), (mention.around, "the place it is in")):
            nation = self._country_word(Mention(text_of(words), mention.head, words,
                                                mention.rule)) if words else None
            if nation is not None:
                where = how
                break
        if nation is None:
            return ref
        core = Mention(text_of(own), mention.head, own, mention.rule)
        if ref.sector:
            return self._generic(core, ref.sector, nation, note=f"; country from {where}")
        if fold(mention.head.lemma) not in _PLACE_HEADS or (
                where != "its possessor" and mention.around[0].lemma != "in"):
            return ref  # "positions of the security forces" are the forces' (their owner)
        return ActorRef(mention.text, nation.iso3.lower(), nation.name, nation.iso3, None,
                        "state", nation.iso3, f"{mention.rule}; a place or thing of "
                        f"{nation.name} ({where}) stands for the state")

    def _identify(self, mention: Mention) -> ActorRef:
        head, own = mention.head, mention.tokens
        v = self.vocab
        key = fold(text_of(tuple(t for t in own if t.lemma not in _DROP)))
        country = v.names.get(key) or v.names.get(fold(mention.text))
        if country:
            return ActorRef(mention.text, country.iso3.lower(), country.name, country.iso3,
                            None, "state", country.iso3, f"{mention.rule}; country name")
        if key in v.demonyms:  # "the Iranians", "Americans": the people of a state
            c = v.demonyms[key]
            return ActorRef(mention.text, c.iso3.lower(), c.name, c.iso3, None, "state",
                            c.iso3, f"{mention.rule}; demonym '{mention.text}' names the state")
        if key in v.capitals:
            c = v.capitals[key]
            return ActorRef(mention.text, f"{c.iso3.lower()}-gov", f"{c.name} government",
                            c.iso3, "GOV", "state", f"{c.iso3}GOV",
                            f"{mention.rule}; capital '{mention.text}' stands for the government")
        if self._of_states(mention):
            return ActorRef(mention.text, "igo-mil", "coalition forces", "IGO", "MIL",
                            "generic", "IGOMIL", f"{mention.rule}; a military coalition of "
                            "states is an IGO")
        sector = self._sector(mention)
        nation = self._country_word(mention)
        proper = head.pos == "PROPN" or head.ent_type in ("PERSON", "ORG", "GPE", "NORP")
        named = proper and (head.ent_type == "PERSON" or not (sector and nation))
        # "the Mahdi Army militia": a named organisation in front of an agent noun
        named = named or (nation is None and any(
            t.dep == "compound" and t.pos == "PROPN" and t.ent_type in ("ORG", "PERSON")
            for t in mention.tokens))
        # "Congress", "Parliament", "the National Assembly": an institution capitalised as a
        # name is still the agent noun, whose country the story gives
        names = " ".join(t.lemma for t in own if t.pos == "PROPN")
        named = named and not (head.ent_type != "PERSON" and fold(names) in v.agents)
        known = self._known(mention, loose=not (sector and nation))
        if known is not None:
            return known
        if named:
            return self._named(mention, nation)
        if sector or nation:
            return self._generic(mention, sector, nation)
        actor_id = slug(mention.text) or None
        return ActorRef(mention.text, actor_id, mention.text if actor_id else None, None, None,
                        "generic", None, f"{mention.rule}; common noun not in the agents table")

    def _of_states(self, mention: Mention) -> bool:
        """ "The Saudi-led coalition", "coalition aircraft", "Coalition military forces": a
        military coalition of states (PLOVER's IGO bloc, sector MIL), not a ruling coalition."""
        head = mention.head
        words = {fold(w) for t in mention.tokens if t.i <= head.i for w in (t.lemma, t.text)}
        if "coalition" not in words or words & _POLITICAL_COALITION:
            return False
        return fold(head.lemma) == "coalition" or self.vocab.agents.get(
            fold(head.lemma)) == "MIL"

    def _generic(self, mention: Mention, sector: str | None, nation: Country | None, *,
                 note: str = "") -> ActorRef:
        iso = nation.iso3 if nation else None
        sec = sector or "UNK"
        lemma = mention.head.lemma
        name = f"{nation.name if nation else 'unidentified'} {lemma}"
        return ActorRef(mention.text, f"{(iso or 'xxx').lower()}-{sec.lower()}", name, iso,
                        sec, "generic", actor_code(iso, sec),
                        f"{mention.rule}; agent noun '{lemma}'"
                        + (f" of {nation.name}" if nation else "") + note)

    def _following(self, mention: Mention) -> bool:
        """ "Sadr supporters", "Navalny's followers": civilians named after a person are a
        group of their own, not the person."""
        head = mention.head
        return head.pos == "NOUN" and self.vocab.agents.get(fold(head.lemma)) == "CVL" and any(
            t.ent_type == "PERSON" for t in mention.tokens if t.i < head.i)

    def _known(self, mention: Mention, *, loose: bool = True) -> ActorRef | None:
        """A dictionary actor named by the mention: the whole phrase, its name words, or the
        entity that ends it ("Hezbollah leader Hassan Nasrallah"). Without `loose`, only the
        exact name key counts (so "Iraqi army" never reaches "Arakan Army")."""
        head = mention.head
        entity = tuple(t for t in mention.tokens
                       if t.i <= head.i and t.ent_type and t.ent_type == head.ent_type)
        # A demonym in front is no part of a name: "South Korean President | Yoon Suk-yeol".
        cut = max((t.i for t in mention.tokens if t.ent_type == "NORP" and t.i < head.i),
                  default=-1)
        names = [mention.text, text_of(tuple(t for t in mention.tokens
                                            if t.pos == "PROPN" or t.text in ("-", "al", "el"))),
                 text_of(_last_entity(entity)),
                 text_of(tuple(t for t in mention.tokens if t.i > cut)) if cut >= 0 else ""]
        for name in dict.fromkeys(names):
            actor = self.dictionary.lookup(name, loose=loose) if name else None
            if actor is not None:
                code = actor_code(actor.country, actor.sector)
                return ActorRef(mention.text, actor.actor_id, actor.name, actor.country,
                                actor.sector, actor.kind, code,
                                f"{mention.rule}; dictionary: '{name}' is {actor.name}")
        return None

    def _named(self, mention: Mention, nation: Country | None) -> ActorRef:
        """A name no dictionary knows: id from the name itself, country and sector from the
        words around it ("U.S. Defense Secretary Robert Gates" -> USA, GOV)."""
        head = mention.head
        before = [t for t in mention.tokens if t.i <= head.i]
        last = max((t.i for t in before if t.pos == "PROPN"), default=head.i)
        name_tokens: list[Token] = []
        for t in reversed([t for t in before if t.i <= last]):
            if head.ent_type and t.ent_type != head.ent_type and name_tokens:
                break  # the entity ends here: "US Secretary of State | Hillary Clinton"
            if not head.ent_type and t.pos != "PROPN" and t.text not in ("-", "al", "el") \
                    and name_tokens:
                break
            name_tokens.insert(0, t)
            if head.ent_type and t.ent_iob == "B":
                break
        # Leading titles are not part of the name: "Prime Minister | Nouri al-Maliki".
        while len(name_tokens) > 1 and fold(name_tokens[0].lemma) in TITLES | set(
                self.vocab.agents):
            name_tokens.pop(0)
        name = text_of(tuple(name_tokens))
        titles = [t for t in mention.tokens if t.i < name_tokens[0].i]
        sector = next((self.vocab.agents[fold(t.lemma)] for t in reversed(titles)
                       if fold(t.lemma) in self.vocab.agents), None)
        kind = {"PERSON": "person", "ORG": "organization", "NORP": "organization",
                "GPE": "state", "FAC": "organization"}.get(head.ent_type, "organization")
        holder = self.dictionary.by_surname(name) if len(name_tokens) == 1 \
            and head.ent_type in ("PERSON", "ORG", "") else None
        if holder is not None:  # "Putin", "President Obama": the one office holder so named
            return ActorRef(mention.text, holder.actor_id, holder.name, holder.country,
                            holder.sector, holder.kind,
                            actor_code(holder.country, holder.sector),
                            f"{mention.rule}; dictionary: '{name}' is the surname of "
                            f"{holder.name} alone among office holders")
        iso = nation.iso3 if nation else None
        return ActorRef(mention.text, discovered_id(name), name, iso, sector, kind,
                        actor_code(iso, sector),
                        f"{mention.rule}{DISCOVERED}")

    def _sector(self, mention: Mention) -> str | None:
        words = [t for t in mention.tokens if t.i <= mention.head.i]
        for size in (3, 2):  # multiword agent nouns: "riot police", "security force"
            if len(words) >= size:
                phrase = " ".join(t.lemma for t in words[-size:])
                if fold(phrase) in self.vocab.agents:
                    return self.vocab.agents[fold(phrase)]
        return self.vocab.agents.get(fold(mention.head.lemma))

    def _country_word(self, mention: Mention) -> Country | None:
        """A demonym, country name or capital among the words, longest first ("South
        Korean")."""
        words = [t for t in mention.tokens if t.pos != "PRON"]  # "us" the pronoun is not USA
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                key = fold(" ".join(t.text for t in words[start:start + size]))
                found = self.vocab.demonyms.get(key) or self.vocab.names.get(key) \
                    or self.vocab.capitals.get(key)
                if found:
                    return found
        return None
