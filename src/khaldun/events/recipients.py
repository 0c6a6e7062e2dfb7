"""To whom: a trigger's recipients resolved from the phrases the rules found, with the
owner a thing stands for ("rejected Maliki's demand" -> Maliki), whom a thing is aimed at
("action against Russia", "blamed the poisoning on Russia"), whom it is for or where it is
("a camp for refugees", "targets in Jericho"), recipients of embedded clauses, and the place
that stands for an unnamed target ("lifted a curfew in Montenegro")."""

from __future__ import annotations

from dataclasses import replace

from khaldun.events.arguments import Resolve, is_actor, mentions_of
from khaldun.events.grammar import CONTENT_TYPES, INSTRUMENT_VERBS, NOT_ACTOR_ENTS, QUANTITIES
from khaldun.events.parse_tree import RELATIVES, Tree
from khaldun.events.triggers import Trigger, prep_objects
from khaldun.records import ActorRef, Mention, Token

_EMBEDDED_PREPS = ("to", "against", "on", "toward", "towards", "with", "for", "from")
# Nouns whose "of" phrase names them: "the city of Derna", "the island of Lampedusa".
_PLACE_NOUNS = frozenset({"city", "town", "village", "island", "province", "region", "district",
                          "port", "capital", "county", "state", "area", "enclave", "territory"})
# Prepositions by which a thing is aimed at someone: "action against Russia", "a truce with
# the rebels", "pressure on Iran", "a meeting between the Taliban and the government".
_AIMED_AT = frozenset({"against", "on", "upon", "with", "toward", "towards", "between"})
# The same on the verb, and "to" of a thing given, "from" of goods taxed or banned.
_VERB_AIMED_AT = _AIMED_AT | {"to", "from"}


def embedded_recipients(tree: Tree, trig: Trigger) -> list[tuple[Token, str]]:
    """Whom a statement or protest is about, when it says so only in its complement:
    "agreed to send tanks to Ukraine" -> Ukraine, "threatened to attack Kenyan cities",
    "went on strike to demand Lukashenko's resignation" -> Lukashenko."""
    if trig.entry.event not in CONTENT_TYPES | {"PROTEST"}:
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
        if comp.lemma in INSTRUMENT_VERBS:
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
                 if o is not None] + prep_objects(tree, (comp,), _EMBEDDED_PREPS)
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


def owner_of(tree: Tree, head: Token) -> Token | None:
    owner = tree.child(head.i, "poss")
    if owner is not None and owner.ent_type in NOT_ACTOR_ENTS:
        owner = None  # "Wednesday's dispersal of the sit-in by police": not Wednesday's
    by = next((o for p in tree.children(head.i, "prep") if p.lemma == "by"
               for o in tree.children(p.i, "pobj")), None)
    if by is not None and (owner is None or owner.pos == "PRON"):
        owner = by  # "condemned the raid by US forces": whose raid
    if owner is None or owner.pos == "PRON":  # "the proposal from Brazil"
        owner = next((o for p in tree.children(head.i, "prep") if p.lemma in ("from", "by")
                      for o in tree.children(p.i, "pobj")), None)
    if owner is None:  # "the attack, for which Daesh claimed responsibility"; "claimed by"
        # (the parser may hang the clause on a place: "the attacks in Jabla and Tartus, for
        # which Daesh ...")
        owner = next((o for c in tree.tokens if c.lemma == "claim" and c.dep in ("relcl", "acl")
                      for o in [*tree.children(c.i, "nsubj"),
                                *(x for a in tree.children(c.i, "agent")
                                  for x in tree.children(a.i, "pobj"))]
                      if o.lemma not in RELATIVES), None)
    if owner is None:  # "the attack carried out by the rebels", "steps taken by Abadi"
        owner = next((o for c in tree.children(head.i, "acl", "relcl") if c.tag == "VBN"
                      for a in tree.children(c.i, "agent") for o in tree.children(a.i, "pobj")),
                     None)
    if owner is None:  # "tanks belonging to forces loyal to Gaddafi"
        owner = next((o for a in tree.children(head.i, "acl") if a.lemma == "belong"
                      for p in tree.children(a.i, "prep") if p.lemma == "to"
                      for o in tree.children(p.i, "pobj")), None)
    if owner is None:  # "demanded the withdrawal of Serbian forces": whose withdrawal
        owner = next((o for p in tree.children(head.i, "prep") if p.lemma == "of"
                      for o in tree.children(p.i, "pobj")), None)
    if head.pos != "NOUN" or owner is None or owner.pos == "PRON" or head.lemma in QUANTITIES:
        return None
    return owner


def resolve_recipients(tree: Tree, found: list[tuple[Token, str]], resolve: Resolve, *,
                aimed: bool = False) -> tuple[ActorRef, ...]:
    """Resolved recipients. A thing that belongs to someone stands for its owner: "rejected
    Maliki's demand" -> Maliki; an actor stays itself: "attacked Sadr's supporters"."""
    out: list[ActorRef] = []
    for head, rule in found:
        mentions = mentions_of(tree, [(head, rule)])
        refs = [resolve(m) for m in mentions]
        owner = owner_of(tree, head)
        belongs = owner is not None and any(a.lemma == "belong"
                                            for a in tree.children(head.i, "acl"))
        if owner is not None and (belongs or not (any(is_actor(r) for r in refs)
                                                  or any(map(_named_thing, mentions)))):
            # ("South Korea's Yeonpyeong island" stays the island: a named thing is itself)
            refs = [resolve(m) for m in mentions_of(tree, [(owner, f"{rule}, its owner")])]
        if aimed and not any(is_actor(r) for r in refs) and head.pos == "NOUN":
            # "threatened further action against Russia", "demanded a truce with Moslem
            # forces": the thing threatened or asked for is aimed at whom its phrase names
            targets = [o for p in tree.children(head.i, "prep") if p.lemma in _AIMED_AT
                       for o in tree.children(p.i, "pobj") if o.ent_type not in NOT_ACTOR_ENTS]
            named = [r for r in (resolve(m) for m in mentions_of(
                tree, [(o, f"{rule}, whom the '{head.text}' is aimed at") for o in targets]))
                if is_actor(r)]
            refs = named or refs
        if not any(is_actor(r) for r in refs) and head.pos == "NOUN":
            refs = _behind_thing(tree, head, rule, resolve, refs)
        out.extend(refs)
    return tuple(out)


def _behind_thing(tree: Tree, head: Token, rule: str, resolve: Resolve,
                  things: list[ActorRef]) -> list[ActorRef]:
    """Whom a thing acted on stands for, as PLOVER codes it: those it is for ("a camp for
    Congolese refugees" -> the refugees), else, beside the thing, the state or capital it is
    in ("fired at targets in Jericho", "stormed the palace in Kabul")."""
    def named(preps: tuple[str, ...], why: str) -> list[ActorRef]:
        objects = [o for p in tree.children(head.i, "prep") if p.lemma in preps
                   for o in tree.children(p.i, "pobj") if o.ent_type not in NOT_ACTOR_ENTS]
        return [r for r in (resolve(m) for m in mentions_of(
            tree, [(o, f"{rule}, {why}") for o in objects])) if is_actor(r)]

    beneficiaries = named(("for",), f"whom the '{head.text}' is for")
    if beneficiaries:
        return beneficiaries
    return things + [r for r in named(("in", "inside"), f"the state or city the "
                                      f"'{head.text}' is in, standing for its owner")
                     if r.kind == "state" and r.country]


def aimed_by_verb(tree: Tree, trig: Trigger, resolve: Resolve) -> tuple[ActorRef, ...]:
    """Whom a verb's thing is aimed at when the parser hangs the phrase on the verb: "blamed
    the poisoning on Russia", "imposed tariffs on steel imports from China", "lifted curbs
    on North Korea". Only actors named in a prepositional phrase of the verb itself after its
    object, when that object is a thing, not a party."""
    verb = trig.token
    obj = tree.child(verb.i, "dobj")
    if trig.entry.pos != "VERB" or obj is None or any(
            is_actor(resolve(m)) for m in mentions_of(tree, [(obj, "")])):
        return ()
    heads = [(o, f"object of '{p.text}' after '{verb.text} {obj.text}': whom the "
                 f"'{obj.text}' is aimed at")
             for p in tree.children(verb.i, "prep") if p.i > obj.i and p.lemma in _VERB_AIMED_AT
             for o in tree.children(p.i, "pobj") if o.ent_type not in NOT_ACTOR_ENTS]
    return tuple(r for r in map(resolve, mentions_of(tree, heads)) if is_actor(r))


def _named_thing(mention: Mention) -> bool:
    """The mention names its thing after any possessor: "Yeonpyeong island", "the city of
    Derna"; not "Maliki's demand"."""
    cut = max((t.i for t in mention.tokens if t.dep == "case"), default=-1)
    head = mention.head
    own = [t for t in mention.tokens if t.i > cut and t.ent_type not in NOT_ACTOR_ENTS and (
        t.i <= head.i or head.lemma in _PLACE_NOUNS)]  # not "Russia's recognition of Abkhazia"
    return any(t.pos == "PROPN" for t in own)


def place_as_target(tree: Tree, trig: Trigger, resolve: Resolve,
                     actors: tuple[ActorRef, ...]) -> tuple[ActorRef, ...]:
    """With no target named, the state or capital the event was done in stands for it, as
    CAMEO and PLOVER code it: "Serbia lifted a curfew in Montenegro" -> Montenegro,
    "demonstrated in Serbia", "arrived in Amman on a visit"."""
    anchor = trig.token
    if trig.entry.pos == "NOUN" and anchor.dep in ("dobj", "pobj") and anchor.head != anchor.i:
        anchor = tree.tokens[anchor.head]  # "imposed a curfew in the town": the verb's phrase
        if anchor.pos == "ADP" and anchor.head != anchor.i:
            anchor = tree.tokens[anchor.head]
    # "threatened to ban voting in East Jerusalem", "agreed to set up a centre in Tokyo": the
    # place of what is threatened or agreed
    anchors = [anchor, *(c for c in tree.children(anchor.i, "xcomp") if c.pos == "VERB")]
    places = [o for a in anchors for p in tree.children(a.i, "prep") if p.lemma in ("in", "at")
              for o in tree.children(p.i, "pobj")]
    for obj in (trig.token, *tree.children(trig.token.i, "dobj"),
                *(o for a in anchors[1:] for o in tree.children(a.i, "dobj"))):
        if obj.i != anchor.i:
            places += [o for p in tree.children(obj.i, "prep") if p.lemma == "in"
                       for o in tree.children(p.i, "pobj")]
    own = {a.country for a in actors}
    for place in places:
        if place.ent_type not in ("GPE", "LOC", "FAC", "") or place.pos != "PROPN":
            continue
        for ref in map(resolve, mentions_of(tree, [(place, f"place of '{trig.token.text}', "
                                                        f"no target named")])):
            # a state's own capital too ("threatened a curfew in Algiers"), not its own name
            if ref.country and ref.kind == "state" and (
                    ref.country not in own or ref.sector == "GOV"):
                return (replace(ref, reason=f"{ref.reason}; the place stands for the "
                                            f"target (CAMEO practice)"),)
    return ()


def threatened_party(tree: Tree, trig: Trigger, resolve: Resolve) -> tuple[ActorRef, ...]:
    """Whom a threat is made to when it names only a condition: the subject of its "if" or
    "unless" clause ("threatened to stop negotiations if the United States goes ahead",
    "threatened a strike unless Israel rescinded the annexation")."""
    anchors = [trig.token, *tree.children(trig.token.i, "xcomp")]
    heads = [(s, f"subject of the condition '{m.text} {c.text}' on the threat")
             for a in anchors for c in tree.children(a.i, "advcl")
             for m in tree.children(c.i, "mark") if m.lemma in ("if", "unless")
             for s in tree.children(c.i, "nsubj")]
    return tuple(r for r in map(resolve, mentions_of(tree, heads)) if is_actor(r))
