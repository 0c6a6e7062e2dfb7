"""How an event is told: negation, modality (future, hypothetical) and attribution read off
the verbs that govern its trigger, and whether the trigger is an event at all or only the
content of another ("urged X to withdraw" is a REQUEST, not a RETREAT)."""

from __future__ import annotations

from dataclasses import dataclass

from khaldun.events.arguments import held_responsible, subject
from khaldun.events.grammar import CONTENT_TYPES, HOSTILE, NOT_ACTOR_ENTS
from khaldun.events.parse_tree import Tree
from khaldun.events.triggers import Trigger, embedding_roles
from khaldun.records import Token

_COMPLEMENTS = frozenset({"xcomp", "ccomp", "pcomp"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d"})
_CONDITIONS = frozenset({"if", "unless"})
_REPORTED_FUTURE = frozenset({"would", "'d"})
_ABOUT_PAST = frozenset({"ACCUSE", "SUPPORT", "REQUEST", "REJECT"})
# Nouns whose "to" clause says what someone can do: "the power to investigate".
_ABILITIES = frozenset({"power", "capacity", "ability", "capability", "right", "authority",
                        "mandate", "means", "freedom", "permission", "licence", "license"})
# "shelled the island, killing two marines": the killing is the shelling's outcome.
_OUTCOME_DEPS = frozenset({"advcl", "relcl", "acl", "xcomp"})
# Aircraft and vessels: "attack" among them is a kind of aircraft ("attack, bomber and
# fighter aircraft", "attack helicopters"), not an event.
_PLATFORMS = frozenset({"aircraft", "helicopter", "bomber", "fighter", "jet", "plane", "drone",
                        "submarine", "boat", "ship", "craft", "vehicle"})
# Nouns that name an accusation: "a charge Kigali denied" denies it, not the accused act.
_CHARGES = frozenset({"charge", "claim", "accusation", "allegation", "report", "assertion"})


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


def read_trigger(tree: Tree, trig: Trigger, triggers: dict[int, Trigger]) -> Reading:
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
    if token.dep == "acl" and head.lemma in _ABILITIES and any(
            a.lemma == "to" for a in tree.children(token.i, "aux")):
        # "has the power to investigate deaths", "its capacity to attack the United States":
        # what someone can do, not what they did
        return Reading(negated, None, None, False, f"only what the '{head.text}' allows")
    if token.dep == "relcl" and token.tag in ("VBZ", "VBP") and not tree.children(token.i, "aux"):
        # "IRENA, an organisation that supports countries in ...", "a group that tracks the
        # war": what someone habitually does, in the present, describes them; news is told in
        # the past
        return Reading(negated, None, None, False, f"'{token.text}' describes what someone "
                                                   f"habitually does")
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
            and owner.ent_type not in NOT_ACTOR_ENTS)
        or held_responsible(tree, token) is not None)
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
                    and trig.entry.event in HOSTILE:
                intent = True  # "pledged to crush Boko Haram": a threat, read off the attack
            elif governor is not None and governor.entry.event in CONTENT_TYPES:
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
                                   and trig.entry.event in CONTENT_TYPES):
            modality, conditional = "hypothetical", True
            # "would meet the mediator if he gave them a veto": an offer on a condition
            offer = offer or (not any(m.lemma in _CONDITIONS for m in tree.children(t.i, "mark"))
                              and all(m.lemma == "if" for c in tree.children(t.i, "advcl")
                                      for m in tree.children(c.i, "mark")
                                      if m.lemma in _CONDITIONS))
        if "speech" in verb_roles and attribution is None:
            attribution = subject(tree, t) or _according_to(tree, t)
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


def promises_force(tree: Tree, trig: Trigger, triggers: dict[int, Trigger]) -> bool:
    """An AGREE whose complement is an attack or a coercion ("pledged to crush Boko Haram"):
    the complement is coded, as a threat, in its place."""
    if trig.entry.event != "AGREE":
        return False
    comps = [c for c in tree.children(trig.token.i, "xcomp")]
    comps += [c for x in comps for c in tree.children(x.i, "conj")]
    return any(c.i in triggers and triggers[c.i].entry.event in HOSTILE for c in comps)


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
