"""Find events in a parsed sentence: trigger from the lexicon, actor and recipient from the parse.

Rules, in order: match lexicon entries on each token; drop triggers that are only the content of
another event ("urged X to withdraw" is a REQUEST, not a RETREAT); find arguments (active
subject and object, passive subject and "by" agent, nominal possessor, "by" and prepositional
objects, conjuncts); read negation, modality and attribution off the governing verbs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from khaldun import CODER
from khaldun.actors.aliases import fold
from khaldun.actors.resolve import ref_key, vocabulary
from khaldun.errors import DataFileError
from khaldun.events.lexicon import Entry, Lexicon
from khaldun.events.ontology import Ontology
from khaldun.events.parse_tree import PRONOUNS, RELATIVES, Tree, text_of
from khaldun.records import ActorRef, Event, Mention, Sentence, Story, Token, event_id

Resolve = Callable[[Mention], ActorRef]

# Types whose complement is what they are about, not a second event ("threatened to bar").
_CONTENT_TYPES = frozenset({"REQUEST", "THREATEN", "REJECT", "AGREE", "ACCUSE", "SUPPORT"})
_COMPLEMENTS = frozenset({"xcomp", "ccomp", "pcomp"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d"})
_CONDITIONS = frozenset({"if", "unless"})
_REPORTED_FUTURE = frozenset({"would", "'d"})
_PRONOUN_KINDS = {"him": frozenset({"PERSON"}), "her": frozenset({"PERSON"}),
                  "his": frozenset({"PERSON"}), "its": frozenset({"ORG", "GPE", "NORP"}),
                  "their": frozenset({"ORG", "GPE", "NORP", "PERSON"}),
                  "it": frozenset({"ORG", "GPE", "NORP"}),
                  "them": frozenset({"ORG", "GPE", "NORP", "PERSON"}),
                  "they": frozenset({"ORG", "NORP"})}
_PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative"})
# Doer pronouns read as the one fitting name before them in the sentence.
_DOER_PRONOUNS = {"he": frozenset({"PERSON"}), "she": frozenset({"PERSON"}),
                  "his": frozenset({"PERSON"}), "her": frozenset({"PERSON"}),
                  "it": frozenset({"ORG", "GPE"}), "its": frozenset({"ORG", "GPE"})}
_JOINT = frozenset({"joint", "jointly", "together", "combined"})
_CROWD_SECTORS = frozenset({"CVL", "OPP"})
_ARMED_SECTORS = frozenset({"MIL", "REB", "UAF"})
_ROUNDS = frozenset({"round", "series", "wave", "spate", "string", "day", "week"})
# Promised, these are threats, not agreements ("pledged to crush Boko Haram").
_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION"})
_ABOUT_PAST = frozenset({"ACCUSE", "SUPPORT", "REQUEST", "REJECT"})
_MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
_VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT",
                           "THREATEN"})
_EACH_OTHER = frozenset({"each other", "one another"})
_EMBEDDED_PREPS = ("to", "against", "on", "toward", "towards", "with", "for", "from")
# "shelled the island, killing two marines": the killing is the shelling's outcome.
_OUTCOME_DEPS = frozenset({"advcl", "relcl", "acl", "xcomp"})
# Stated future events and the CAMEO code of the statement (threat or expressed intent).
_STATED_INTENT = {"ASSAULT": ("THREATEN", "138"), "COERCE": ("THREATEN", "130"),
                  "PROTEST": ("THREATEN", "133"), "SANCTION": ("THREATEN", "131"),
                  "MOBILIZE": ("THREATEN", "138"),
                  "CONSULT": ("AGREE", "036"), "AID": ("AGREE", "033"),
                  "COOPERATE": ("AGREE", "031"), "RETREAT": ("AGREE", "0356"),
                  "CONCEDE": ("AGREE", "035"), "SUPPORT": ("AGREE", "032")}
# Announced without a condition, these are the action to come, not a threat ("would prohibit
# all aid to the rebels"); on a condition they are threats ("will cut ties unless").
_ANNOUNCED = frozenset({"SANCTION", "MOBILIZE"})
_LIGHT_VERB_DEPS = frozenset({"dobj", "attr", "nsubjpass"})
_FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
# Nouns whose "of" phrase names them: "the city of Derna", "the island of Lampedusa".
_PLACE_NOUNS = frozenset({"city", "town", "village", "island", "province", "region", "district",
                          "port", "capital", "county", "state", "area", "enclave", "territory"})
# Prepositions by which a thing is aimed at someone: "action against Russia", "a truce with
# the rebels", "pressure on Iran".
_AIMED_AT = frozenset({"against", "on", "upon", "with", "toward", "towards"})
# Nouns for a run of events: "a series of airstrikes", "a wave of attacks".
_SERIES = frozenset({"series", "wave", "spate", "string", "round", "barrage", "volley"})
# Prepositions whose gerund shares the subject of the verb above ("by recalling", "after
# meeting", "in demanding"); "for" gives a reason, often the object's ("jailed him for
# insulting the king").
_SHARED_SUBJECT_PREPS = frozenset({"by", "after", "before", "while", "since", "upon", "on",
                                   "in", "without", "despite", "through"})
# Sectors that arrest, charge and detain: when they report a passive coercion, it is theirs.
_AUTHORITIES = frozenset({"COP", "JUD", "MIL", "GOV", "SPY"})
# Verbs whose clause names the means of an event, never its target.
_INSTRUMENT_VERBS = frozenset({"use", "employ", "utilise", "utilize"})
# Aircraft and vessels: "attack" among them is a kind of aircraft ("attack, bomber and
# fighter aircraft", "attack helicopters"), not an event.
_PLATFORMS = frozenset({"aircraft", "helicopter", "bomber", "fighter", "jet", "plane", "drone",
                        "submarine", "boat", "ship", "craft", "vehicle"})
# Who heads a body stands for it: "the head of the armed forces" is a military actor.
_HEADS = frozenset({"head", "chief"})
# Verbs that hold their object responsible for a "for"/"of" event: "blamed X for the attack".
_HOLDING = frozenset({"blame", "accuse", "condemn", "denounce", "criticize", "criticise",
                      "sanction", "punish", "fault"})
# Nouns that name an accusation: "a charge Kigali denied" denies it, not the accused act.
_CHARGES = frozenset({"charge", "claim", "accusation", "allegation", "report", "assertion"})
_NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
_QUANTITIES = frozenset({"thousand", "hundred", "dozen", "score", "ten", "million", "number",
                         "group", "crowd", "band", "handful", "some", "many", "most", "all",
                         "several", "few", "one", "two", "three", "member", "part", "rest",
                         "first", "last", "majority", "half", "bulk", "ton", "tonne", "kg",
                         "kilogram", "barrel", "consignment", "batch", "shipment", "load"})


@cache
def embedding_roles() -> dict[str, frozenset[str]]:
    text = resources.files("khaldun.events").joinpath("data", "embedding.tsv").read_text("utf-8")
    roles: dict[str, frozenset[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise DataFileError(f"embedding.tsv:{number}: expected 'lemma<TAB>roles'")
        found = frozenset(cells[1].split(","))
        if found - {"speech", "intent", "cease", "deny", "light", "purpose", "elicit",
                    "suspect"}:
            raise DataFileError(f"embedding.tsv:{number}: unknown role in {cells[1]!r}")
        roles[cells[0]] = found
    return roles


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Token
    entry: Entry
    words: tuple[Token, ...]  # the head and the other lemmas that matched
    absorbed: tuple[int, ...] = ()  # a listed object: part of the trigger ("sent aid")


def _only_a_date(tree: Tree, prep: Token) -> bool:
    """"on Saturday" is no "fire on": a preposition whose objects are all dates or times."""
    objects = tree.children(prep.i, "pobj")
    return prep.dep == "prep" and bool(objects) and all(
        o.ent_type in _NOT_ACTOR_ENTS for o in objects)


def _hyphened(tree: Tree, token: Token) -> bool:
    """The second half of a hyphenated word ("anti-terrorist") is not that word."""
    before = tree.tokens[token.i - 1] if token.i > 0 else None
    return before is not None and before.text == "-" and not before.ws


def _match(tree: Tree, token: Token, entry: Entry) -> Trigger | None:
    words = [token]
    below = list(tree.descendants(token.i, 2))
    for lemma in entry.others:
        found = next((t for t in below if t.lemma == lemma and t not in words
                      and not _hyphened(tree, t) and not _only_a_date(tree, t)), None)
        if found is None:
            return None
        if len(entry.others) == 1 and found.dep == "prep" and found.head != token.i:
            return None  # "called off the march on Moscow" is no "call on"
        words.append(found)
    obj: Token | None = None
    if entry.pos == "NOUN" and (entry.allowed_objects is not None or entry.banned_objects):
        # a nominal event's object is its "of" phrase ("the release of the prisoners")
        obj = next((o for p in tree.children(token.i, "prep") if p.lemma == "of"
                    for o in tree.children(p.i, "pobj")), None)
        if obj is None or obj.lemma in entry.banned_objects or (
                entry.allowed_objects is not None and obj.lemma not in entry.allowed_objects):
            return None
    elif entry.allowed_objects is not None or entry.banned_objects:
        obj = tree.child(token.i, "dobj", "nsubjpass")
        if obj is not None and obj.lemma in _QUANTITIES:  # "suspended part of an aid program"
            of = next((p for p in tree.children(obj.i, "prep") if p.lemma == "of"), None)
            obj = tree.child(of.i, "pobj") if of is not None else obj
        obj_lemma = obj.lemma if obj else None
        if entry.allowed_objects is not None and obj_lemma not in entry.allowed_objects:
            return None
        if obj_lemma in entry.banned_objects:
            return None
    if entry.needs_complement and not tree.children(token.i, "xcomp"):
        return None
    absorbed = (obj.i,) if entry.allowed_objects is not None and obj is not None else ()
    return Trigger(token, entry, tuple(sorted(words, key=lambda t: t.i)), absorbed)


def find_triggers(tree: Tree, lexicon: Lexicon) -> list[Trigger]:
    found = []
    claimed: set[int] = set()
    for token in tree.tokens:
        if token.i in claimed:
            continue
        for entry in lexicon.candidates(token.lemma, token.pos):
            trigger = _match(tree, token, entry)
            if trigger:
                found.append(trigger)
                claimed.update(t.i for t in trigger.words)
                break
    # A word claimed by a multiword trigger ("fire" in "open fire") is not a trigger itself,
    # nor is a listed object of a verb trigger ("aid" in "sent aid").
    def part_of_another(t: Trigger) -> bool:
        return any(t.token in o.words[1:] or t.token.i in o.absorbed
                   for o in found if o is not t)

    # "took part in a rally": the rally is the event, taking part only how one joins it.
    def frame_of_another(t: Trigger) -> bool:
        words = {w.i for w in t.words}
        partners = tuple(p for p in t.entry.recipient if p not in ("obj", "dative"))
        return t.entry.event == "COOPERATE" and not _prep_objects(tree, t.words, partners) and any(
            o.entry.pos == "NOUN" and o.entry.event != "COOPERATE" and o.token.dep == "pobj"
            and tree.tokens[o.token.head].lemma == "in"
            and tree.tokens[o.token.head].head in words for o in found if o is not t)

    return [t for t in found if not part_of_another(t) and not frame_of_another(t)]


def _governors(tree: Tree, token: Token) -> list[Token]:
    """The verbs above a token through complement links, nearest first."""
    chain = []
    current = token
    while current.dep in _COMPLEMENTS or current.dep in ("conj", "prep", "pobj", "dobj", "acl",
                                                         "acomp"):
        parent = tree.tokens[current.head]
        if parent.i == current.i:
            break
        chain.append(parent)
        current = parent
    return chain


def _subject(tree: Tree, verb: Token) -> Token | None:
    """The verb's subject, borrowed from a controlling or conjoined verb when it has none."""
    current = verb
    for _ in range(6):
        # A dateline parsed as a subject is none: "KOLKATA, India - Police have arrested"
        subj = next((t for t in tree.children(current.i, "nsubj", "csubj")
                     if not _dateline(tree, t)), None)
        if subj is not None:
            if subj.lemma in RELATIVES and current.dep == "relcl":
                return tree.tokens[current.head]
            return subj
        misread = next((o for m in tree.children(current.i, "mark")
                        for o in tree.children(m.i, "pobj")), None)
        if misread is not None:  # "after the head of the army asked him": a subject read as
            return misread       # the object of the conjunction
        participle = current.tag in ("VBG", "VBN", "VBD") and not any(
            a.lemma == "to" for a in tree.children(current.i, "aux"))  # not "an offer to host"
        if current.dep == "relcl" or (current.dep == "acl" and participle and (
                current.tag == "VBG" or tree.child(current.i, "dobj") is not None)):
            # "the troops who recaptured Mosul"; "rebels handing over their weapons": an
            # active participle's subject is the noun it modifies (a passive one's is not:
            # "the missiles fired by ...")
            return tree.tokens[current.head]
        if current.dep == "pcomp" and current.tag == "VBG" and current.head != current.i:
            # "By recalling its ambassador, Slovenia made a step", "after meeting Putin, he
            # said": a gerund under a preposition shares the subject of the verb above it
            # (not a reason's: "arrested the rapper for backing the protests")
            prep = tree.tokens[current.head]
            if prep.head != prep.i and prep.lemma in _SHARED_SUBJECT_PREPS \
                    and tree.tokens[prep.head].pos in ("VERB", "AUX"):
                current = tree.tokens[prep.head]
                continue
            return None
        if current.dep in ("xcomp", "conj", "advcl", "acomp") and current.head != current.i:
            parent = tree.tokens[current.head]
            passive_subj = tree.child(parent.i, "nsubjpass")
            if current.dep == "advcl" and passive_subj is not None \
                    and tree.child(parent.i, "nsubj") is None:
                return passive_subj  # "was sworn in on Friday, pledging to crush Boko Haram"
            current = parent
            continue
        return None
    return None


def _dateline(tree: Tree, token: Token) -> bool:
    """A place in capitals opening the sentence before a comma or dash ("KOLKATA, India -")."""
    return token.i == 0 and len(token.text) > 1 and token.text.isupper() \
        and len(tree.tokens) > 1 and tree.tokens[1].text in (",", "-", "–", "—", "(")


def _prep_objects(tree: Tree, heads: tuple[Token, ...], preps: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions below the heads, through objects and other
    prepositional phrases but not into clauses ("agreed to a truce with Israel")."""
    out: list[Token] = []
    frontier = list(heads)
    for _ in range(4):
        below: list[Token] = []
        for head in frontier:
            for child in tree.children(head.i, "prep", "dative", "prt", "dobj", "pobj", "conj"):
                if child.dep == "conj" and child.pos != "NOUN":
                    continue  # "water cannon and pepper spray against protesters", not clauses
                if child.dep in ("prep", "dative", "prt") and child.lemma in preps:
                    out.extend(o for o in tree.children(child.i, "pobj")
                               if o not in out and o.ent_type not in _NOT_ACTOR_ENTS)
                else:
                    below.append(child)
        if out:
            return out
        frontier = below
    return out


@dataclass(frozen=True, slots=True)
class Arguments:
    actors: list[tuple[Token, str]]
    recipients: list[tuple[Token, str]]


def _verb_arguments(tree: Tree, trig: Trigger) -> Arguments:
    verb, entry = trig.token, trig.entry
    passive = bool(tree.children(verb.i, "nsubjpass", "auxpass"))
    actors: list[tuple[Token, str]] = []
    recipients: list[tuple[Token, str]] = []
    if passive:
        for agent in tree.children(verb.i, "agent"):
            actors += [(t, f"'by' agent of passive '{verb.text}'")
                       for t in tree.children(agent.i, "pobj")]
        if not actors:  # "threatened with arrest by police": the parser hung "by" lower
            actors += [(t, f"'by' agent of passive '{verb.text}'")
                       for p in tree.children(verb.i, "prep") for o in tree.children(p.i, "pobj")
                       for by in tree.children(o.i, "prep", "agent") if by.lemma == "by"
                       for t in tree.children(by.i, "pobj") if t.ent_type not in _NOT_ACTOR_ENTS]
        if not actors:  # "was bombed and killed by coalition aircraft": one agent for both
            partners = [c for c in tree.children(verb.i, "conj") if c.tag == "VBN"]
            if verb.dep == "conj" and tree.tokens[verb.head].tag == "VBN":
                partners.append(tree.tokens[verb.head])
            actors += [(t, f"'by' agent of passive '{c.text}', conjoined with '{verb.text}'")
                       for c in partners for agent in tree.children(c.i, "agent")
                       for t in tree.children(agent.i, "pobj")]
        if "obj" in entry.recipient:
            subj = tree.child(verb.i, "nsubjpass")
            if subj is not None:
                recipients.append((subj, f"passive subject of '{verb.text}'"))
    else:
        subj = _subject(tree, verb)
        if subj is not None:
            actors.append((subj, f"subject of '{verb.text}'"))
        if "obj" in entry.recipient or "dative" in entry.recipient:
            # "gave the army aid": the dative is the recipient, the object the thing given
            obj = (tree.child(verb.i, "dative") or tree.child(verb.i, "dobj")) \
                if "dative" in entry.recipient else tree.child(verb.i, "dobj")
            if obj is not None and obj not in trig.words:
                recipients.append((obj, f"object of '{verb.text}'"))
            elif entry.needs_complement or entry.event == "REQUEST":
                # "told his men to stop", "demanded that the US cancel": the comp's subject
                for comp in tree.children(verb.i, "xcomp", "ccomp"):
                    inner = tree.child(comp.i, "nsubj")
                    if inner is not None:
                        recipients.append((inner, f"addressee of '{verb.text}'"))
    preps = tuple(p for p in entry.recipient if p not in ("obj", "dative"))
    if preps and not recipients:
        recipients += [(t, f"object of '{t.text}' after '{verb.text}'")
                       for t in _prep_objects(tree, trig.words, preps)]
    return Arguments(actors, recipients)


def _noun_arguments(tree: Tree, trig: Trigger, triggers: dict[int, Trigger]) -> Arguments:
    noun, entry = trig.token, trig.entry
    actors: list[tuple[Token, str]] = []
    patients: list[tuple[Token, str]] = []
    for by in tree.children(noun.i, "prep"):
        if by.lemma == "by":
            actors += [(t, f"'by' phrase of '{noun.text}'") for t in tree.children(by.i, "pobj")]
    poss = tree.child(noun.i, "poss")
    if poss is not None and poss.ent_type in _NOT_ACTOR_ENTS:
        poss = None  # "Friday's killing of ...": a date, not a doer
    # The noun in the verb's slot: itself, or the "round" in "opened a new round of talks".
    slot = noun
    verb = tree.tokens[noun.head]
    roles = embedding_roles()
    if noun.dep == "pobj" and verb.lemma == "of" and tree.tokens[verb.head].lemma in _ROUNDS:
        slot = tree.tokens[verb.head]
        verb = tree.tokens[slot.head]
    light = slot.dep in _LIGHT_VERB_DEPS and "light" in roles.get(verb.lemma, frozenset())
    if noun.dep == "pobj" and verb.lemma in ("in", "with") and verb.head != verb.i:
        up = tree.tokens[verb.head]
        if verb.lemma == "in" and up.lemma == "part" and up.dep == "dobj":
            slot, verb = up, tree.tokens[up.head]  # "took part in a rally"
            light = "light" in roles.get(verb.lemma, frozenset())
        elif up.pos == "VERB" and ("light" in roles.get(up.lemma, frozenset()) or (
                verb.lemma == "in" and up.i in triggers and triggers[up.i].entry.event ==
                "ASSAULT" and trig.entry.event in _FORCE_TYPES)):
            # "participated in the march", "responded with sanctions", "struck Raqqa in the
            # biggest raid yet": the subject's doing
            slot, verb, light = noun, up, True
    held = _held_responsible(tree, noun)
    if held is not None:
        actors.append(held)
    elicited = _elicited(tree, noun) if slot.dep == "dobj" and "elicit" in roles.get(
        verb.lemma, frozenset()) else []
    if elicited and not actors:
        # "drew condemnation from Washington": Washington condemns the subject
        actors += [(t, f"object of 'from' after '{noun.text}'") for t in elicited]
        target = _subject(tree, verb)
        if target is not None:
            patients.append((target, f"subject of '{verb.text}', who drew '{noun.text}'"))
        light = False
    if poss is not None and actors and not patients:
        # "his assassination by Israeli gunships": with a "by" doer, the possessor is the target
        patients.append((poss, f"possessor of '{noun.text}', done by another"))
    elif poss is not None and not (poss.pos == "PRON" and light and _subject(tree, verb)):
        # (but "they carried out their first airstrikes": the subject, not the pronoun)
        actors.append((poss, f"possessor of '{noun.text}'"))
    elif poss is not None and "of" in entry.recipient and poss.text.lower() in ("his", "her") \
            and not any(p.lemma == "of" for p in tree.children(noun.i, "prep")):
        # "a judge ordered his arrest": with another doer, the possessor is the one arrested,
        # as in "the arrest of" (but "they carried out their raids" stays theirs)
        patients.append((poss, f"possessor of '{noun.text}', done by another"))
    if not actors and entry.event == "CONSULT" and noun.dep == "pobj" \
            and verb.lemma in ("for", "on") and tree.tokens[verb.head].pos in ("VERB", "AUX"):
        # "flew to Baghdad for talks", "arrived on a visit": the traveller meets
        traveller = _subject(tree, tree.tokens[verb.head])
        if traveller is not None:
            actors.append((traveller, f"subject of '{tree.tokens[verb.head].text}' "
                                      f"{verb.text} '{noun.text}'"))
    if not actors and slot.dep == "dobj" and verb.lemma == "claim":
        # "Daesh claimed dual attacks in Baghdad": the claimant did them
        claimant = _subject(tree, verb)
        if claimant is not None:
            actors.append((claimant, f"subject of '{verb.text}', who claims '{noun.text}'"))
    if not actors:
        for mod in tree.children(noun.i, "amod", "compound"):
            # "Israeli airstrikes", "Hamas rocket fire", "U.S. airstrikes"; not "the Paris
            # attacks" (a place, not a state)
            if mod not in trig.words and (mod.ent_type in ("NORP", "ORG") or (
                    mod.ent_type == "GPE" and entry.event in _HOSTILE
                    and fold(mod.text) in vocabulary().names)):  # (not "US aid": a thing)
                actors.append((mod, f"modifier of '{noun.text}'"))
    if not actors and light:  # "launched an attack", "staged a protest"
        subj = _subject(tree, verb) if slot.dep != "nsubjpass" else next(
            (o for a in tree.children(verb.i, "agent") for o in tree.children(a.i, "pobj")),
            None)  # "an attack was launched by the rebels"
        if subj is not None:
            actors.append((subj, f"subject of '{verb.text}' with '{noun.text}'"))
    preps = tuple(p for p in entry.recipient if p not in ("obj", "dative"))
    recipients = patients or [(t, f"object of '{t.text}' after '{noun.text}'")
                              for t in _prep_objects(tree, trig.words, preps)]
    if not recipients and entry.event == "REQUEST":
        # "its demand that Israel ease restrictions": the one asked is the clause's subject
        recipients = [(inner, f"subject of the clause of '{noun.text}'")
                      for comp in tree.children(noun.i, "acl", "ccomp")
                      for inner in tree.children(comp.i, "nsubj")]
    if not recipients and actors and preps:
        # "attacks by his militia, the Mahdi Army, on worshippers": "on" hangs off the agent.
        by_heads = tuple(a for a, rule in actors if rule.startswith("'by'"))
        recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                      for t in _prep_objects(tree, by_heads, preps)]
        if not recipients:
            appos = tuple(c for a in by_heads for c in tree.children(a.i, "appos"))
            recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                          for t in _prep_objects(tree, appos, preps)]
    if not recipients and preps:
        # "revulsion at attacks ..., on worshippers": the phrase hangs off the nearest verb.
        above = next((a for a in tree.ancestors(noun.i) if a.pos in ("VERB", "AUX")), None)
        if above is not None:
            recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                          for t in _prep_objects(tree, (above,), preps) if t.i > noun.i]
            if not recipients:  # "conducted strikes using bomber aircraft against ISIL"
                means = [c for c in tree.children(above.i, "advcl", "xcomp")
                         if c.lemma in _INSTRUMENT_VERBS]
                recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                              for c in means for i in sorted(tree.subtree(c.i))
                              for t in [tree.tokens[i]] if t.dep == "pobj"
                              and tree.tokens[t.head].lemma in preps]
    return Arguments(actors, recipients)


def _held_responsible(tree: Tree, noun: Token) -> tuple[Token, str] | None:
    """Who did a nominal event that someone is held responsible for: "claimed responsibility
    for the attacks" (the claimant), "blamed al-Shabab for the massacre" (the blamed)."""
    prep = tree.tokens[noun.head]
    if noun.dep != "pobj" or prep.lemma not in ("for", "of") or prep.head == prep.i:
        return None
    up = tree.tokens[prep.head]
    if prep.lemma == "for" and up.lemma == "responsibility" and up.dep == "dobj":
        claimant = _subject(tree, tree.tokens[up.head])
        return None if claimant is None else (
            claimant, f"subject of '{tree.tokens[up.head].text}' responsibility for "
                      f"'{noun.text}'")
    if up.pos == "VERB" and up.lemma in _HOLDING:
        blamed = tree.child(up.i, "dobj")
        if blamed is not None and blamed.i != noun.i:
            return (blamed, f"object of '{up.text}', held responsible for '{noun.text}'")
    return None


def _elicited(tree: Tree, noun: Token) -> list[Token]:
    return [o for p in tree.children(noun.i, "prep") if p.lemma == "from"
            for o in tree.children(p.i, "pobj") if o.ent_type not in _NOT_ACTOR_ENTS]


@dataclass(frozen=True, slots=True)
class Reading:
    negated: bool
    modality: str | None
    attribution: Token | None
    intent: bool
    suppressed: str | None  # why the trigger is not an event of its own
    alleged: bool = False  # an event someone is accused of
    conditional: bool = False  # on an "if" or "unless": said as a condition, a threat
    offer: bool = False  # on an attached "if" only: a conditional offer, not a threat


def _reading(tree: Tree, trig: Trigger, triggers: dict[int, Trigger]) -> Reading:
    """Negation, modality, attribution and whether the trigger is only another event's content,
    read off the verbs above it. A conjoined clause with its own subject ("X did not sign, and
    Y rejected") is a new clause: only the reporting verb above both still counts."""
    token = trig.token
    roles = embedding_roles()
    chain = [token, *_governors(tree, token)]
    # How far the trigger's own clause reaches up the chain.
    scope = len(chain)
    for depth in range(1, len(chain)):
        child = chain[depth - 1]
        if child.dep == "conj" and tree.child(child.i, "nsubj", "nsubjpass") is not None:
            scope = depth
            break
    negated = any(tree.children(t.i, "neg") for t in chain[:min(2, scope)]) or any(
        d.lemma == "no" for d in tree.children(token.i, "det"))
    modality: str | None = None
    intent = False
    attribution: Token | None = None
    head = tree.tokens[token.head]
    if trig.entry.pos == "NOUN" and (
            (head.lemma in _PLATFORMS and token.dep in ("compound", "amod", "nmod"))
            or any(c.lemma in _PLATFORMS for c in tree.conjuncts(token.i) if c.i != token.i)):
        return Reading(negated, None, None, False, f"'{token.text}' names a kind of aircraft "
                                                   f"or vessel")
    if trig.entry.pos == "NOUN" and token.dep == "pobj" and head.lemma == "since":
        # "holed up since last month's invasion": a time the story counts from, background
        return Reading(negated, None, None, False, f"'since {token.text}' dates another event")
    if trig.entry.pos == "NOUN" and any(d.lemma == "any" for d in tree.children(token.i, "det")):
        # "would retaliate against any assault on its citizens": no assault took place
        return Reading(negated, None, None, False, "'any' names no particular event")
    if trig.entry.event == "ASSAULT" and token.dep in _OUTCOME_DEPS and head.i in triggers \
            and triggers[head.i].entry.event == "ASSAULT" \
            and tree.child(token.i, "nsubj", "nsubjpass", "mark") is None:
        # "shelled the island, killing two marines"; not "bombed X after Y captured Z"
        return Reading(negated, None, None, False, f"outcome of the assault '{head.text}'")
    if token.dep in ("advcl", "xcomp") and head.i in triggers \
            and triggers[head.i].entry.event == trig.entry.event \
            and tree.child(token.i, "nsubj", "nsubjpass") is None \
            and not any(a.lemma in _FUTURE_AUX | _HYPOTHETICAL_AUX or a.text.lower() in
                        _FUTURE_AUX | _HYPOTHETICAL_AUX for a in tree.children(head.i, "aux")):
        # "met the Uzbek minister to discuss Afghanistan": one meeting, told twice
        return Reading(negated, None, None, False, f"purpose of the same event '{head.text}'")
    # A nominal event with its own "by" doer is reported even inside another event ("condemned
    # the raid on the compound by US forces"); it is flagged as alleged under an accusation.
    # So is one with a named possessor ("condemned Washington's missile strike").
    owner = tree.child(token.i, "poss")
    reported = trig.entry.pos == "NOUN" and (any(
        p.lemma == "by" and tree.children(p.i, "pobj") for p in tree.children(token.i, "prep"))
        or (owner is not None and owner.pos == "PROPN"
            and owner.ent_type not in _NOT_ACTOR_ENTS)
        or _held_responsible(tree, token) is not None)
    alleged = conditional = offer = False
    for depth, t in enumerate(chain):
        inside = depth < scope
        # A conjoined verb's head is its sibling, not its governor: "condemned the assault and
        # voiced support for Lula" voices support, it does not condemn it.
        sibling = depth > 0 and chain[depth - 1].dep == "conj"
        verb_roles = roles.get(t.lemma, frozenset()) if depth > 0 and not sibling \
            else frozenset()
        if inside and depth > 0 and not sibling:
            governor = triggers.get(t.i)
            if governor is not None and governor.entry.event == "AGREE" \
                    and trig.entry.event in _HOSTILE:
                intent = True  # "pledged to crush Boko Haram": a threat, read off the attack
            elif governor is not None and governor.entry.event in _CONTENT_TYPES:
                # What one condemns, praises or asks about happened; what one threatens or
                # agrees to has not.
                if not (reported and governor.entry.event in _ABOUT_PAST):
                    return Reading(negated, modality, attribution, intent,
                                   f"content of the {governor.entry.event} '{t.text}'")
                alleged = alleged or governor.entry.event == "ACCUSE"
            if "cease" in verb_roles:
                return Reading(negated, modality, attribution, intent, f"stopped by '{t.text}'")
            if "purpose" in verb_roles:
                return Reading(negated, modality, attribution, intent,
                               f"only the purpose of '{t.text}'")
            if "suspect" in verb_roles:
                return Reading(negated, modality, attribution, intent,
                               f"only suspected ('{t.text}')")
            negated = negated or ("deny" in verb_roles and not any(
                # "accused Rwanda of backing the rebels, a charge Kigali denied": the parser
                # hung the accusation under the denial; it denies the charge, not the event
                s.lemma in _CHARGES for s in tree.children(t.i, "nsubj", "dobj")))
            intent = intent or "intent" in verb_roles
        # A threat or demand made on a condition is still made: only its content is
        # conditional ("threatened to close the border unless ...").
        if inside and _conditional(tree, t, own_only=depth == 0
                                   and trig.entry.event in _CONTENT_TYPES):
            modality, conditional = "hypothetical", True
            # "would meet the mediator if he gave them a veto": an offer on a condition
            offer = offer or (not any(m.lemma in _CONDITIONS for m in tree.children(t.i, "mark"))
                              and all(m.lemma == "if" for c in tree.children(t.i, "advcl")
                                      for m in tree.children(c.i, "mark")
                                      if m.lemma in _CONDITIONS))
        if "speech" in verb_roles and attribution is None:
            attribution = _subject(tree, t) or _according_to(tree, t)
            break
        if inside and modality is None and depth <= 1:
            for aux in tree.children(t.i, "aux"):
                if aux.lemma in _FUTURE_AUX or aux.text.lower() in _FUTURE_AUX:
                    modality = "future"
                elif aux.lemma in _HYPOTHETICAL_AUX or aux.text.lower() in _HYPOTHETICAL_AUX:
                    modality = "hypothetical"
    if attribution is None:
        attribution = _according_to(tree, token)
    if modality == "hypothetical" and not conditional and not intent \
            and attribution is not None and any(
            a.lemma in _REPORTED_FUTURE or a.text.lower() in _REPORTED_FUTURE
            for t in chain[:2] for a in tree.children(t.i, "aux")):
        modality = "future"  # "announced it would prohibit all aid": reported "will"
    if modality is None and intent:
        modality = "future"
    return Reading(negated, modality, attribution, intent, None, alleged, conditional,
                   offer)


def _promises_force(tree: Tree, trig: Trigger, triggers: dict[int, Trigger]) -> bool:
    """An AGREE whose complement is an attack or a coercion ("pledged to crush Boko Haram"):
    the complement is coded, as a threat, in its place."""
    if trig.entry.event != "AGREE":
        return False
    comps = [c for c in tree.children(trig.token.i, "xcomp")]
    comps += [c for x in comps for c in tree.children(x.i, "conj")]
    return any(c.i in triggers and triggers[c.i].entry.event in _HOSTILE for c in comps)


def _joint(tree: Tree, trig: Trigger) -> bool:
    """The trigger says the action is shared: "joint raids", "jointly dismantled"."""
    return any(c.lemma in _JOINT for c in tree.children(trig.token.i, "amod", "advmod"))


def _conditional(tree: Tree, verb: Token, *, own_only: bool = False) -> bool:
    """The verb is in an if/unless clause, or (unless `own_only`) has one attached."""
    if any(m.lemma in _CONDITIONS for m in tree.children(verb.i, "mark")):
        return True
    return not own_only and any(m.lemma in _CONDITIONS for c in tree.children(verb.i, "advcl")
               for m in tree.children(c.i, "mark"))


def _according_to(tree: Tree, verb: Token) -> Token | None:
    for prep in tree.children(verb.i, "prep"):
        if prep.lemma == "accord":
            for to in tree.children(prep.i, "prep"):
                return tree.child(to.i, "pobj")
    return None


def _antecedent(tree: Tree, pronoun: Token, avoid: set[int]) -> Token | None:
    """The nearest name before an object pronoun that fits it ("removed President Morsi and
    detained him" -> Morsi); None when nothing fits."""
    kinds = _PRONOUN_KINDS.get(pronoun.lemma if pronoun.lemma != "-PRON-" else pronoun.text)
    if kinds is None:
        kinds = _PRONOUN_KINDS.get(pronoun.text.lower())
    if kinds is None:
        return None
    plural = pronoun.text.lower() in _PLURAL_PRONOUNS
    for t in reversed(tree.tokens[:pronoun.i]):
        if t.i in avoid or t.dep in ("compound", "poss", "amod"):
            continue
        if t.ent_type in kinds and t.ent_iob in ("B", "I") and t.pos == "PROPN":
            return t
        if plural and t.tag in ("NNS", "NNPS") and t.dep in _ARGUMENT_DEPS:
            return t  # "thousands of Navalny supporters rallied ... 3,000 of them were held"
    return None


def _only_antecedent(tree: Tree, pronoun: Token) -> Token | None:
    """The one name before a doer pronoun that fits it, when only one does: "soldiers detained
    President Keita, and he resigned" -> Keita; none when two people are named."""
    kinds = _DOER_PRONOUNS.get(pronoun.text.lower())
    if kinds is None:
        return None
    names: dict[str, Token] = {}
    for t in tree.tokens[:pronoun.i]:
        if t.ent_iob != "B" or t.ent_type not in kinds:
            continue
        end = t.i
        while end + 1 < pronoun.i and tree.tokens[end + 1].ent_iob == "I":
            end += 1
        last = tree.tokens[end]
        while last.dep in ("compound", "flat") and last.head != last.i:
            last = tree.tokens[last.head]  # "the Obama administration": the whole phrase
        if any(tree.tokens[j].pos == "PROPN" for j in range(t.i, end + 1)):
            names[text_of(tree.tokens[t.i:end + 1]).lower()] = last
    return next(iter(names.values())) if len(names) == 1 else None


def _resolve_doers(tree: Tree, found: list[tuple[Token, str]]) -> list[tuple[Token, str]]:
    out = []
    for head, rule in found:
        target = _only_antecedent(tree, head) if head.pos == "PRON" else None
        out.append((target, f"{rule}; pronoun '{head.text}' read as '{target.text}', the "
                            f"only fitting name before it") if target is not None
                   else (head, rule))
    return out


def _resolve_pronouns(tree: Tree, found: list[tuple[Token, str]],
                      avoid: set[int]) -> list[tuple[Token, str]]:
    out = []
    for head, rule in found:
        pronoun = head
        if head.pos == "NUM" or head.lemma in _QUANTITIES:  # "3,000 of them": who they are
            inner = next((o for p in tree.children(head.i, "prep") if p.lemma == "of"
                          for o in tree.children(p.i, "pobj")), None)
            if inner is not None and inner.pos == "PRON":
                pronoun = inner
        target = _antecedent(tree, pronoun, avoid) if pronoun.pos == "PRON" else None
        out.append((target, f"{rule}; pronoun '{pronoun.text}' read as '{target.text}' earlier "
                            f"in the sentence") if target is not None else (head, rule))
    return out


def _mentions(tree: Tree, found: list[tuple[Token, str]]) -> list[Mention]:
    out: list[Mention] = []
    for head, rule in found:
        members = [o for p in tree.children(head.i, "prep") if p.lemma == "include"
                   for o in tree.children(p.i, "pobj")]
        if members and head.pos == "NOUN" and not any(
                t.ent_type in ("NORP", "GPE", "ORG") for t in tree.phrase(head.i)):
            # "More than 20 countries, including the United States, Germany and France": the
            # countries named are the ones the story tells of
            head, rule = members[0], f"{rule}, as named after 'including'"
        for t in tree.conjuncts(head.i):
            if t.ent_type in _NOT_ACTOR_ENTS and not (  # "the first of 1,027 prisoners"
                    t.lemma in _QUANTITIES and any(p.lemma == "of" for p in tree.children(
                        t.i, "prep"))):
                continue
            tokens = (t,) if t.lemma in PRONOUNS else tree.phrase(t.i)
            why = rule if t is head else f"{rule}, conjoined"
            core = t
            appos = tree.child(t.i, "appos")
            stray = tree.stray_name(t.i) if t.lemma not in PRONOUNS else None
            if appos is not None and appos.pos == "PROPN":  # "his militia, the Mahdi Army"
                core = appos
            elif stray is not None:  # "the ambassador to Libya, Christopher Stevens"
                core = stray
                end = max(tree.subtree(stray.i))
                tokens = tree.tokens[tokens[0].i:end + 1]
            elif t.lemma in _QUANTITIES or t.lemma in _HEADS or t.pos == "NUM":
                # "thousands of people": people; "the head of the armed forces": the forces
                of = next((p for p in tree.children(t.i, "prep") if p.lemma == "of"), None)
                inner = tree.child(of.i, "pobj") if of is not None else None
                if inner is not None:
                    core, tokens = inner, tree.phrase(t.i, keep_of=True, force_of=True)
            out.append(Mention(text_of(tokens), core, tokens, why,
                               _around(tree, core, {x.i for x in tokens})))
    return out


def _around(tree: Tree, core: Token, inside: set[int]) -> tuple[Token, ...]:
    """The words of the core's "in"/"of"/"from" phrases outside the mention itself."""
    out: list[Token] = []
    for prep in tree.children(core.i, "prep"):
        if prep.lemma in ("in", "of", "from") and prep.i not in inside:
            out.extend(tree.tokens[i] for i in sorted(tree.subtree(prep.i)))
    return tuple(out)


def _embedded_recipients(tree: Tree, trig: Trigger) -> list[tuple[Token, str]]:
    """Whom a statement or protest is about, when it says so only in its complement:
    "agreed to send tanks to Ukraine" -> Ukraine, "threatened to attack Kenyan cities",
    "went on strike to demand Lukashenko's resignation" -> Lukashenko."""
    if trig.entry.event not in _CONTENT_TYPES | {"PROTEST"}:
        return []
    anchor = trig.token
    if trig.entry.pos == "NOUN":  # "staged a sit-in to press for ...": the verb's complement
        up = tree.tokens[anchor.head]
        if up.lemma == "in" and anchor.dep == "pobj":  # "took part in a rally to demand ..."
            up = tree.tokens[up.head]
        if up.lemma == "part" and up.head != up.i:
            up = tree.tokens[up.head]
        if up.pos in ("VERB", "AUX"):
            anchor = up
    comps = list(tree.children(anchor.i, "xcomp", "advcl", "ccomp"))
    for comp in list(comps):
        if comp.lemma in _INSTRUMENT_VERBS:
            # "strikes using attack and bomber aircraft": the means, not the target; but
            # "threatened to use force to remove Gbagbo" is about whom the force is for
            comps.remove(comp)
            comps += tree.children(comp.i, "xcomp", "advcl")
    for comp in comps:
        if comp.pos not in ("VERB", "AUX"):
            continue
        if comp.dep == "advcl" and trig.entry.event != "PROTEST" and not any(
                a.lemma == "to" for a in tree.children(comp.i, "aux")):
            continue  # "to demand his resignation" says what for; "yielding to X" does not
            # (but a protest's "calling for independence from Iraq" says what it is about)
        # Both the object and the prepositional objects: which of them is an actor is known
        # only after resolution ("agreed to provide aid for Romania": Romania, not aid).
        found = [o for o in (tree.child(comp.i, "dative"), tree.child(comp.i, "dobj"))
                 if o is not None] + _prep_objects(tree, (comp,), _EMBEDDED_PREPS)
        if not found:  # "refused to allow IAEA inspectors access", "to let observers in"
            for small in tree.children(comp.i, "ccomp", "xcomp"):
                inner = tree.child(small.i, "nsubj")
                if inner is None and small.pos in ("NOUN", "PROPN"):
                    inner = small
                if inner is not None:
                    found.append(inner)
        if found:
            return [(o, f"object of '{comp.text}' in the complement of '{trig.token.text}'")
                    for o in found]
    return []


def _owner(tree: Tree, head: Token) -> Token | None:
    owner = tree.child(head.i, "poss")
    if owner is not None and owner.ent_type in _NOT_ACTOR_ENTS:
        owner = None  # "Wednesday's dispersal of the sit-in by police": not Wednesday's
    by = next((o for p in tree.children(head.i, "prep") if p.lemma == "by"
               for o in tree.children(p.i, "pobj")), None)
    if by is not None and (owner is None or owner.pos == "PRON"):
        owner = by  # "condemned the raid by US forces": whose raid
    if owner is None or owner.pos == "PRON":  # "the proposal from Brazil"
        owner = next((o for p in tree.children(head.i, "prep") if p.lemma in ("from", "by")
                      for o in tree.children(p.i, "pobj")), None)
    if owner is None:  # "tanks belonging to forces loyal to Gaddafi"
        owner = next((o for a in tree.children(head.i, "acl") if a.lemma == "belong"
                      for p in tree.children(a.i, "prep") if p.lemma == "to"
                      for o in tree.children(p.i, "pobj")), None)
    if owner is None:  # "demanded the withdrawal of Serbian forces": whose withdrawal
        owner = next((o for p in tree.children(head.i, "prep") if p.lemma == "of"
                      for o in tree.children(p.i, "pobj")), None)
    if head.pos != "NOUN" or owner is None or owner.pos == "PRON" or head.lemma in _QUANTITIES:
        return None
    return owner


def _recipients(tree: Tree, found: list[tuple[Token, str]], resolve: Resolve, *,
                aimed: bool = False) -> tuple[ActorRef, ...]:
    """Resolved recipients. A thing that belongs to someone stands for its owner: "rejected
    Maliki's demand" -> Maliki; an actor stays itself: "attacked Sadr's supporters"."""
    out: list[ActorRef] = []
    for head, rule in found:
        mentions = _mentions(tree, [(head, rule)])
        refs = [resolve(m) for m in mentions]
        owner = _owner(tree, head)
        belongs = owner is not None and any(a.lemma == "belong"
                                            for a in tree.children(head.i, "acl"))
        if owner is not None and (belongs or not (any(_is_actor(r) for r in refs)
                                                  or any(map(_named_thing, mentions)))):
            # ("South Korea's Yeonpyeong island" stays the island: a named thing is itself)
            refs = [resolve(m) for m in _mentions(tree, [(owner, f"{rule}, its owner")])]
        if aimed and not any(_is_actor(r) for r in refs) and head.pos == "NOUN":
            # "threatened further action against Russia", "demanded a truce with Moslem
            # forces": the thing threatened or asked for is aimed at whom its phrase names
            targets = [o for p in tree.children(head.i, "prep") if p.lemma in _AIMED_AT
                       for o in tree.children(p.i, "pobj") if o.ent_type not in _NOT_ACTOR_ENTS]
            named = [r for r in (resolve(m) for m in _mentions(
                tree, [(o, f"{rule}, whom the '{head.text}' is aimed at") for o in targets]))
                if _is_actor(r)]
            refs = named or refs
        out.extend(refs)
    return tuple(out)


def _named_thing(mention: Mention) -> bool:
    """The mention names its thing after any possessor: "Yeonpyeong island", "the city of
    Derna"; not "Maliki's demand"."""
    cut = max((t.i for t in mention.tokens if t.dep == "case"), default=-1)
    head = mention.head
    own = [t for t in mention.tokens if t.i > cut and t.ent_type not in _NOT_ACTOR_ENTS and (
        t.i <= head.i or head.lemma in _PLACE_NOUNS)]  # not "Russia's recognition of Abkhazia"
    return any(t.pos == "PROPN" for t in own)


def _is_actor(ref: ActorRef) -> bool:
    """Pronouns, names, states and agent nouns are actors; "the plan" or "his role" is not,
    nor is the reader addressed as "you"."""
    if ref.text.lower() == "you":
        return False
    return ref.kind != "generic" or ref.sector is not None or ref.country is not None


def _confidence(actors: tuple[ActorRef, ...], recipients: tuple[ActorRef, ...],
                trig: Trigger, reading: Reading) -> float:
    score = 0.4
    score += 0.25 if any(a.actor_id for a in actors) else (0.1 if actors else 0.0)
    score += 0.2 if recipients else 0.0
    score += 0.1 if trig.token.pos == "VERB" else 0.0
    score -= 0.1 if reading.modality else 0.0
    return round(max(0.05, min(score, 0.95)), 2)


def _obligations(tree: Tree, triggers: dict[int, Trigger]) -> list[tuple[Token, Token, Token]]:
    """Reported obligations, which CAMEO codes as demands: "a British minister said Libya
    must hand over the bombers" -> REQUEST, minister -> Libya. Returns (speech verb, modal,
    addressee) for each."""
    roles = embedding_roles()
    found = []
    for verb in tree.tokens:
        if "speech" not in roles.get(verb.lemma, frozenset()) or verb.i in triggers:
            continue
        for comp in tree.children(verb.i, "ccomp"):
            modal = next((a for a in tree.children(comp.i, "aux")
                          if a.lemma in ("must", "should") or a.text.lower() == "must"), None)
            addressee = tree.child(comp.i, "nsubj", "nsubjpass")
            if modal is not None and addressee is not None and not tree.children(comp.i, "neg"):
                found.append((verb, modal, addressee))
    return found


def extract_events(sentence: Sentence, story: Story, *, lexicon: Lexicon, onto: Ontology,
                   resolve: Resolve) -> list[Event]:
    """All events of one sentence (none for sentences that are not running text)."""
    if sentence.kind != "text" or not sentence.tokens:
        return []
    tree = Tree(sentence.tokens)
    triggers = find_triggers(tree, lexicon)
    by_index = {t.token.i: t for t in triggers}
    events: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Event] = {}
    readings = {t.token.i: _reading(tree, t, by_index) for t in triggers}
    made: dict[int, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}  # trigger -> its event
    # Whom an assault on a place was done to, as its outcome tells: "stormed the Westgate
    # mall, killing dozens of shoppers" -> the shoppers.
    victims: dict[int, tuple[ActorRef, ...]] = {}
    for trig in triggers:
        head = trig.token.head
        why = readings[trig.token.i].suppressed or ""
        if why.startswith("outcome of") and head in by_index and by_index[head].entry.place:
            found = _verb_arguments(tree, trig).recipients if trig.entry.pos == "VERB" else []
            people = tuple(r for r in _recipients(tree, found, resolve)
                           if r.sector is not None or r.kind == "person")
            if people:
                victims.setdefault(head, people)
    for trig in triggers:
        reading = readings[trig.token.i]
        if reading.suppressed or _promises_force(tree, trig, by_index):
            continue
        args = (_noun_arguments(tree, trig, by_index) if trig.entry.pos == "NOUN"
                else _verb_arguments(tree, trig))
        actor_heads = args.actors
        speaker = reading.attribution
        if speaker is not None and speaker.lemma not in PRONOUNS:
            # "the Americans said they wanted to arrest him": they are the speakers.
            actor_heads = [(speaker, f"pronoun '{t.text}' read as the speaker")
                           if t.lemma in PRONOUNS else (t, rule) for t, rule in actor_heads]
        actor_heads = _resolve_doers(tree, actor_heads)
        resolved = tuple(map(resolve, _mentions(tree, actor_heads)))
        actors = tuple(a for a in resolved if _is_actor(a))
        if not actors and trig.entry.pos == "VERB" and not args.actors[1:]:
            # "U.S. airstrikes killed 20 militants", "attacks which killed 28 people": the
            # doer of the attack that is the subject
            actors = _doer_of_subject(tree, trig, by_index, resolve) or actors
        if not actors and speaker is not None and _reports_own_act(tree, trig):
            # "X was arrested, police said": the authority reporting an arrest made it
            said = tuple(a for a in map(resolve, _mentions(tree, [(
                speaker, f"the {speaker.text} who report the passive '{trig.token.text}'")]))
                if a.sector in _AUTHORITIES)
            actors = said or actors
        thing_did_it = bool(resolved) and not actors and trig.entry.pos == "VERB"
        found = args.recipients or _embedded_recipients(tree, trig)
        # An object pronoun never refers to the subject of its own verb.
        avoid = {i for a, _ in actor_heads for i in tree.subtree(a.i)}
        found = _resolve_pronouns(tree, found, avoid)
        recipients = _recipients(tree, found, resolve,
                                 aimed=trig.entry.event in _CONTENT_TYPES)
        if trig.token.i in victims and not any(
                r.sector is not None or r.kind in ("person", "state") for r in recipients) \
                and not any(_owner(tree, h) for h, _ in found):
            # (but "stormed the offices of Charlie Hebdo" is an assault on the paper)
            recipients = victims[trig.token.i]
        mutual = trig.entry.symmetric or trig.entry.event in _MUTUAL_TYPES
        if not recipients and actors and (not mutual or trig.entry.mode == "visit"):
            recipients = _place_as_target(tree, trig, resolve, actors)
        if recipients and all(r.text.lower() in _EACH_OTHER for r in recipients):
            recipients, mutual = (), True  # "Armenia and Azerbaijan accused each other"
        if trig.entry.event in _VERBAL_TYPES:
            # What one says something about is an actor; "threatened retaliation" or
            # "welcomed the move" names no recipient.
            recipients = tuple(r for r in recipients if _is_actor(r))
        if not actors and not any(_is_actor(r) for r in recipients):
            continue  # "weeks of protests against his rule": no one named on either side
        if thing_did_it and not any(_is_actor(r) for r in recipients):
            continue  # "a fire destroyed the building"; but "an explosion killed two youths"
        if mutual and len(actors) > 1 and recipients and _joint(tree, trig):
            # "Dutch and Belgian police carried out joint raids on drug gangs": the partners
            # cooperate with each other; the gangs are what they act on
            actors, recipients = actors[:1], actors[1:]
        elif mutual and len(actors) + len(recipients) > 1 and not (actors and recipients):
            # "Egypt and Israel agreed", "fighting between the army and the RSF": one side each
            sides = actors or recipients
            actors, recipients = sides[:1], sides[1:]
        event = _build(sentence, story, trig, reading, actors, recipients, onto)
        key = (event.event, tuple(map(ref_key, actors)), tuple(map(ref_key, recipients)))
        events.setdefault(key, event)
        made.setdefault(trig.token.i, key)
    _merge_told_twice(tree, by_index, made, events)
    # "launched an offensive to drive IS fighters out of Mosul", "rebels fighting in the
    # north had wounded the president": one event told twice; the telling that names whom it
    # was done to is kept.
    for key in [k for k in events if not k[2]]:
        if any(other[0] == key[0] and other[1] == key[1] and other[2] for other in events):
            del events[key]
    for verb, modal, addressee in _obligations(tree, by_index):
        speaker = _subject(tree, verb)
        if speaker is None:
            continue
        actors = tuple(a for a in map(resolve, _mentions(
            tree, [(speaker, f"subject of '{verb.text}'")])) if _is_actor(a))
        recipients = tuple(map(resolve, _mentions(
            tree, [(addressee, f"subject of '{modal.text}' reported by '{verb.text}'")])))
        if actors and recipients:
            event = _obligation_event(sentence, story, verb, modal, actors, recipients, onto)
            key = (event.event, tuple(map(ref_key, actors)),
                   tuple(map(ref_key, recipients)))
            events.setdefault(key, event)
    return list(events.values())


def _doer_of_subject(tree: Tree, trig: Trigger, triggers: dict[int, Trigger],
                     resolve: Resolve) -> tuple[ActorRef, ...]:
    """When a verb's subject is itself a nominal event ("a series of U.S. airstrikes killed
    20 militants"), the event's doer is that noun's."""
    subj = _subject(tree, trig.token)
    if subj is not None and subj.lemma in _QUANTITIES | _SERIES:
        subj = next((o for p in tree.children(subj.i, "prep") if p.lemma == "of"
                     for o in tree.children(p.i, "pobj")), subj)
    if subj is None or subj.i not in triggers or triggers[subj.i].entry.pos != "NOUN":
        return ()
    noun = triggers[subj.i]
    heads = _noun_arguments(tree, noun, triggers).actors
    found = tuple(map(resolve, _mentions(tree, _resolve_doers(tree, heads))))
    return tuple(replace(a, reason=f"{a.reason}; doer of '{noun.token.text}', the subject of "
                                    f"'{trig.token.text}'") for a in found if _is_actor(a))


def _place_as_target(tree: Tree, trig: Trigger, resolve: Resolve,
                     actors: tuple[ActorRef, ...]) -> tuple[ActorRef, ...]:
    """With no target named, the state or capital the event was done in stands for it, as
    CAMEO and PLOVER code it: "Serbia lifted a curfew in Montenegro" -> Montenegro,
    "demonstrated in Serbia", "arrived in Amman on a visit"."""
    anchor = trig.token
    if trig.entry.pos == "NOUN" and anchor.dep in ("dobj", "pobj") and anchor.head != anchor.i:
        anchor = tree.tokens[anchor.head]  # "imposed a curfew in the town": the verb's phrase
        if anchor.pos == "ADP" and anchor.head != anchor.i:
            anchor = tree.tokens[anchor.head]
    places = [o for p in tree.children(anchor.i, "prep") if p.lemma in ("in", "at")
              for o in tree.children(p.i, "pobj")]
    for obj in (trig.token, *tree.children(trig.token.i, "dobj")):
        if obj.i != anchor.i:
            places += [o for p in tree.children(obj.i, "prep") if p.lemma == "in"
                       for o in tree.children(p.i, "pobj")]
    own = {a.country for a in actors}
    for place in places:
        if place.ent_type not in ("GPE", "LOC", "FAC", "") or place.pos != "PROPN":
            continue
        for ref in map(resolve, _mentions(tree, [(place, f"place of '{trig.token.text}', "
                                                        f"no target named")])):
            if ref.country and ref.kind == "state" and ref.country not in own:
                return (replace(ref, reason=f"{ref.reason}; the place stands for the "
                                            f"target (CAMEO practice)"),)
    return ()


def _reports_own_act(tree: Tree, trig: Trigger) -> bool:
    """A coercion told in the passive with no agent ("was arrested", "has been charged"),
    whose reporter, if an authority, is the one who did it."""
    verb = trig.token
    return trig.entry.event == "COERCE" and trig.entry.pos == "VERB" \
        and bool(tree.children(verb.i, "nsubjpass", "auxpass")) \
        and not tree.children(verb.i, "agent")


def _merge_told_twice(tree: Tree, triggers: dict[int, Trigger],
                      made: dict[int, tuple[str, tuple[str, ...], tuple[str, ...]]],
                      events: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Event]) -> None:
    """An assault and the nominal one it happened in are one event: "struck Raqqa in the
    biggest raid yet against Daesh" (Daesh, not the place), "killed 4 Iraqis in an attack on
    a weapons depot" (the people, not the thing). The telling that names who it was done to
    is kept."""
    for i, key in made.items():
        noun = tree.tokens[i]
        prep = tree.tokens[noun.head]
        if triggers[i].entry.pos != "NOUN" or noun.dep != "pobj" or prep.lemma != "in" \
                or prep.head not in made or triggers[prep.head].entry.event != "ASSAULT":
            continue
        other = made[prep.head]
        if key not in events or other not in events or key == other or key[1] != other[1]:
            continue
        nominal, verbal = events[key], events[other]
        if any(r.sector is not None or r.kind in ("person", "state") for r in verbal.recipient) \
                or not any(_is_actor(r) for r in nominal.recipient):
            del events[key]
        else:
            del events[other]


def _obligation_event(sentence: Sentence, story: Story, verb: Token, modal: Token,
                      actors: tuple[ActorRef, ...], recipients: tuple[ActorRef, ...],
                      onto: Ontology) -> Event:
    entry = Entry(line=0, head=verb.lemma, others=(modal.lemma,), pos="VERB", event="REQUEST",
                  mode=None, cameo="100", recipient=(), allowed_objects=None,
                  banned_objects=frozenset(), symmetric=False, needs_complement=False)
    trig = Trigger(verb, entry, (verb, modal))
    reading = Reading(False, None, None, False, None)
    event = _build(sentence, story, trig, reading, actors, recipients, onto)
    reasons = dict(event.reasons)
    reasons["event"] = (f"rule 'reported obligation': '{verb.text} ... {modal.text}' "
                        f"is a demand (CAMEO 10)")
    return replace(event, reasons=reasons)


def _build(sentence: Sentence, story: Story, trig: Trigger, reading: Reading,
           actors: tuple[ActorRef, ...], recipients: tuple[ActorRef, ...],
           onto: Ontology) -> Event:
    entry = trig.entry
    event_type, mode, cameo = entry.event, entry.mode, entry.cameo
    reasons = {"event": f"lexicon {entry.label} on '{trig.token.text}'"}
    if entry.riot and actors and all(a.sector in _CROWD_SECTORS for a in actors):
        # "protesters stormed parliament": a crowd's assault is a violent protest
        event_type, mode, cameo = "PROTEST", "riot", "145"
        reasons["event"] += "; done by civilians or opposition, a violent protest"
    if entry.armed and ((actors and all(a.sector in _ARMED_SECTORS or a.kind == "state"
                                        for a in actors))
                        or (recipients and all(r.sector in _ARMED_SECTORS for r in recipients))):
        # "Israeli commandos raided the ship", "launched 8,000 strikes against ISIL": done by
        # armed forces or a state, or aimed at an armed group, it is a military assault
        event_type, mode, cameo = "ASSAULT", None, "190"
        reasons["event"] += "; done by or aimed at armed forces, a military assault"
    negated = reading.negated
    modality = reading.modality
    if negated and event_type in _STATED_INTENT and event_type not in ("ASSAULT", "COERCE") \
            and (modality == "future" or reading.attribution is not None or reading.intent):
        # "Syria says it will not accept refugees": a refusal, which CAMEO codes as REJECT.
        reasons["event"] += f"; a refused {event_type} is a rejection"
        event_type, cameo, mode, negated, modality = "REJECT", "120", None, False, None
    # A stated intention, or a plain future of cooperation ("Finland will give Tanzania a
    # grant"), which CAMEO codes as an expressed intent.
    # An intention counts as stated unless it is itself only supposed ("Should the union
    # decide to strike, ...").
    stated = reading.attribution is not None or (
        reading.intent and modality == "future") or (
        modality == "future" and event_type not in ("ASSAULT", "COERCE"))
    announced = event_type in _ANNOUNCED and not reading.conditional
    if modality and stated and event_type in _STATED_INTENT and not announced:
        # A stated intention is itself the event, as CAMEO codes it: to use force is a threat
        # (13x), to cooperate, aid, meet or yield is an expressed intent (03x). The statement
        # was made, so the new event has no modality of its own.
        new_type, cameo = _STATED_INTENT[event_type]
        if reading.conditional and new_type == "AGREE" and not reading.offer:
            # "will withdraw its force unless ...": an offer on a condition is a threat
            new_type, cameo = "THREATEN", "130"
        reasons["event"] += (f"; a {modality} {event_type} stated by its actor is "
                             f"{'a threat' if new_type == 'THREATEN' else 'an intent'}")
        mode = "violence" if event_type == "ASSAULT" else (mode if new_type == "THREATEN"
                                                             else None)
        event_type, modality = new_type, None
    reasons["actor"] = "; ".join(f"'{a.text}': {a.reason}" for a in actors) or "no actor found"
    reasons["recipient"] = ("; ".join(f"'{r.text}': {r.reason}" for r in recipients)
                            or "no recipient found")
    if negated:
        reasons["negated"] = "a negation governs the trigger"
    if modality:
        reasons["modality"] = f"{modality}: auxiliary, condition or stated intention"
    attribution = None
    if reading.attribution is not None:
        tree = Tree(sentence.tokens)
        attribution = text_of(tree.phrase(reading.attribution.i))
        reasons["attribution"] = f"subject of the reporting verb '{attribution}'"
    reasons["location"] = "not located: no gazetteer was given"
    trigger_text = " ".join(t.text for t in trig.words)
    eid = event_id(story.id, sentence.index, event_type,
                   tuple(map(ref_key, actors)), tuple(map(ref_key, recipients)))
    return Event(
        id=eid, story_id=story.id, sentence=sentence.index, text=sentence.text,
        char_start=sentence.char_start, char_end=sentence.char_end, trigger=trigger_text,
        event=event_type, mode=mode, context=("alleged",) if reading.alleged else (),
        cameo=cameo, quad_code=onto.quad(cameo),
        intensity=onto.intensity(cameo), actor=actors, recipient=recipients, location=None,
        date=None, date_granularity=None, date_text=None, negated=negated,
        modality=modality, attribution=attribution,
        confidence=_confidence(actors, recipients, trig, reading), reasons=reasons,
        coder=CODER, published=story.published, title=story.title,
        source=sentence.source or story.source, url=story.url,
    )
