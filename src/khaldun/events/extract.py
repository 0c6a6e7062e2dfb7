"""Find events in a parsed sentence: trigger from the lexicon, actor and recipient from the parse.

Rules, in order: match lexicon entries on each token (events/triggers.py); read negation,
modality and attribution off the governing verbs and drop triggers that are only the content
of another event (events/reading.py); find and resolve the arguments (events/arguments.py);
then build each event with its type, codes and reasons (here).
"""

from __future__ import annotations

from dataclasses import replace

from khaldun import CODER
from khaldun.actors.implicit import AWAITING_DOER
from khaldun.actors.resolve import ref_key
from khaldun.events.arguments import (
    Resolve,
    attack_subject,
    doer_of_subject,
    is_actor,
    mentions_of,
    noun_arguments,
    reports_own_act,
    resolve_doers,
    resolve_pronouns,
    subject,
    verb_arguments,
)
from khaldun.events.grammar import CONTENT_TYPES, HOSTILE
from khaldun.events.lexicon import Entry, Lexicon
from khaldun.events.ontology import Ontology
from khaldun.events.parse_tree import PRONOUNS, Tree, text_of
from khaldun.events.ranker import RANKER, Model, rerank
from khaldun.events.reading import Reading, promises_force, read_trigger
from khaldun.events.recipients import (
    aimed_by_verb,
    embedded_recipients,
    owner_of,
    place_as_target,
    resolve_recipients,
    threatened_party,
)
from khaldun.events.senses import other_sense, soldiers_out
from khaldun.events.triggers import Trigger, embedding_roles, find_triggers
from khaldun.records import ActorRef, Event, Sentence, Story, Token, event_id

_UNRESOLVED = ActorRef("", None, None, None, None, None, None, "pronoun")
_JOINT = frozenset({"joint", "jointly", "together", "combined"})
_CROWD_SECTORS = frozenset({"CVL", "OPP"})
_ARMED_SECTORS = frozenset({"MIL", "REB", "UAF"})
_MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
_VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT",
                           "THREATEN"})
_EACH_OTHER = frozenset({"each other", "one another"})
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
# Sectors that arrest, charge and detain: when they report a passive coercion, it is theirs.
_AUTHORITIES = frozenset({"COP", "JUD", "MIL", "GOV", "SPY"})


def _joint(tree: Tree, trig: Trigger) -> bool:
    """The trigger says the action is shared: "joint raids", "jointly dismantled"."""
    return any(c.lemma in _JOINT for c in tree.children(trig.token.i, "amod", "advmod"))


def _confidence(actors: tuple[ActorRef, ...], recipients: tuple[ActorRef, ...],
                trig: Trigger, reading: Reading) -> float:
    score = 0.4
    score += 0.25 if any(a.actor_id for a in actors) else (0.1 if actors else 0.0)
    score += 0.2 if recipients else 0.0
    score += 0.1 if trig.token.pos == "VERB" else 0.0
    score -= 0.1 if reading.modality else 0.0
    return round(max(0.05, min(score, 0.95)), 2)


# Verbs that report a finding as well as speech: "the inquiry concluded that Russia was
# responsible".
_FINDING = frozenset({"conclude", "find", "determine", "believe", "think", "establish"})
# Reporting verbs that make what they report a charge: "the US claimed that ISIL had
# attacked Iraq" accuses ISIL.
_ALLEGING = frozenset({"allege", "claim", "charge"})
# Words of dismay that, with a named culprit, criticise ("appalled by the attack by the
# regime"); grief alone ("saddened") criticises no one.
_DISMAY = frozenset({"concerned", "shocked", "shock", "appalled", "appal", "appall",
                     "outraged", "outrage", "alarmed", "alarm", "horrified", "horrify",
                     "dismayed", "dismay", "disgusted", "disgust", "angered"})
_NEWS = frozenset({"report", "news", "claim", "account"})
# What a reported judgment is, as CAMEO codes it: (type, code, rule name).
_JUDGMENTS = {"obligation": ("REQUEST", "100", "reported obligation"),
              "blame": ("ACCUSE", "112", "reported blame"),
              "allegation": ("ACCUSE", "112", "alleged attack"),
              "dismay": ("ACCUSE", "111", "dismay at a named culprit")}


def _dismays(tree: Tree, triggers: dict[int, Trigger]
             ) -> list[tuple[Token, Token, Token, Token, str]]:
    """Dismay at an attack whose doer is named, which CAMEO codes as criticism: "I am
    appalled by this latest attack by Assad's regime", "deeply concerned by reports that
    ISIL has killed 70 members of the tribe". Returns (who, the word of dismay twice, the
    culprit's head, "dismay") for each, as `_judgments` does."""
    found = []
    for word in tree.tokens:
        if (word.lemma not in _DISMAY and word.text.lower() not in _DISMAY) \
                or word.tag not in ("JJ", "VBN"):
            continue
        clause = word
        while clause.dep in ("conj", "acomp") and clause.head != clause.i:
            clause = tree.tokens[clause.head]
        who = tree.child(clause.i, "nsubj", "nsubjpass")
        if who is None:
            continue
        for prep in tree.children(word.i, "prep", "agent"):
            if prep.lemma not in ("by", "at", "over", "about"):
                continue
            for thing in tree.children(prep.i, "pobj"):
                trig = triggers.get(thing.i)
                if trig is not None and trig.entry.event in HOSTILE:
                    found += [(who, word, word, t, "dismay")
                              for t, _ in noun_arguments(tree, trig, triggers).actors]
                elif thing.lemma in _NEWS:  # "reports that ISIL has killed ..."
                    found += [(who, word, word, doer, "dismay")
                              for c in tree.children(thing.i, "acl", "ccomp")
                              if c.i in triggers and triggers[c.i].entry.event in HOSTILE
                              for doer in tree.children(c.i, "nsubj")]
    return found


def _judgments(tree: Tree, triggers: dict[int, Trigger]
               ) -> list[tuple[Token, Token, Token, Token, str]]:
    """Reported obligations, blame and alleged attacks, which CAMEO codes as a demand and
    accusations: "a British minister said Libya must hand over the bombers" -> REQUEST,
    minister -> Libya; "Moon said China was partially responsible for the smog" -> ACCUSE,
    Moon -> China; "the US claimed that ISIL had attacked Iraq" -> ACCUSE, US -> ISIL (the
    attack is coded too). Returns (speaker, reporting verb, marker, addressee, kind) for
    each, the kind keying `_JUDGMENTS`."""
    roles = embedding_roles()
    found = []
    for verb in tree.tokens:
        speech = "speech" in roles.get(verb.lemma, frozenset())
        speaker = subject(tree, verb)
        if not (speech or verb.lemma in _FINDING) or verb.i in triggers or speaker is None:
            continue
        for comp in tree.children(verb.i, "ccomp"):
            addressee = tree.child(comp.i, "nsubj", "nsubjpass")
            if addressee is None or tree.children(comp.i, "neg"):
                continue
            modal = next((a for a in tree.children(comp.i, "aux")
                          if a.lemma in ("must", "should") or a.text.lower() == "must"), None)
            blame = next((a for a in tree.children(comp.i, "acomp")
                          if a.lemma == "responsible"), None) if comp.lemma == "be" else None
            attack = triggers.get(comp.i)
            if modal is not None and speech:
                found.append((speaker, verb, modal, addressee, "obligation"))
            elif blame is not None:
                found.append((speaker, verb, blame, addressee, "blame"))
            elif verb.lemma in _ALLEGING and attack is not None and tree.child(
                    comp.i, "nsubj") is not None and attack.entry.event in HOSTILE:
                found.append((speaker, verb, comp, addressee, "allegation"))
    return found


def extract_events(sentence: Sentence, story: Story, *, lexicon: Lexicon, onto: Ontology,
                   resolve: Resolve, ranker: Model | None = None) -> list[Event]:
    """All events of one sentence (none for sentences that are not running text)."""
    if sentence.kind != "text" or not sentence.tokens:
        return []
    tree = Tree(sentence.tokens)
    triggers = find_triggers(tree, lexicon)
    by_index = {t.token.i: t for t in triggers}
    events: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Event] = {}
    readings = {t.token.i: read_trigger(tree, t, by_index) for t in triggers}
    made: dict[int, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}  # trigger -> its event
    described: dict[int, ActorRef | None] = {}  # the ranker's candidates, resolved once
    # Whom an assault on a place was done to, as its outcome tells: "stormed the Westgate
    # mall, killing dozens of shoppers" -> the shoppers.
    victims: dict[int, tuple[ActorRef, ...]] = {}
    for trig in triggers:
        head = trig.token.head
        why = readings[trig.token.i].suppressed or ""
        if why.startswith("outcome of") and head in by_index and by_index[head].entry.place:
            found = verb_arguments(tree, trig).recipients if trig.entry.pos == "VERB" else []
            people = tuple(r for r in resolve_recipients(tree, found, resolve)
                           if r.sector is not None or r.kind == "person")
            if people:
                victims.setdefault(head, people)
    for trig in triggers:
        reading = readings[trig.token.i]
        if reading.suppressed or promises_force(tree, trig, by_index):
            continue
        args = (noun_arguments(tree, trig, by_index) if trig.entry.pos == "NOUN"
                else verb_arguments(tree, trig))
        actor_heads = args.actors
        speaker = reading.attribution
        if speaker is not None and speaker.lemma not in PRONOUNS:
            # "the Americans said they wanted to arrest him": they are the speakers.
            actor_heads = [(speaker, f"pronoun '{t.text}' read as the speaker")
                           if t.lemma in PRONOUNS else (t, rule) for t, rule in actor_heads]
        actor_heads = resolve_doers(tree, actor_heads)
        resolved = tuple(map(resolve, mentions_of(tree, actor_heads)))
        actors = tuple(a for a in resolved if is_actor(a))
        if not actors and trig.entry.pos == "VERB" and not args.actors[1:]:
            # "U.S. airstrikes killed 20 militants", "attacks which killed 28 people": the
            # doer of the attack that is the subject
            actors = doer_of_subject(tree, trig, by_index, resolve) or actors
        if not actors and speaker is not None and reports_own_act(tree, trig):
            # "X was arrested, police said": the authority reporting an arrest made it
            said = tuple(a for a in map(resolve, mentions_of(tree, [(
                speaker, f"the {speaker.text} who report the passive '{trig.token.text}'")]))
                if a.sector in _AUTHORITIES)
            actors = said or actors
        thing_did_it = bool(resolved) and not actors and trig.entry.pos == "VERB"
        found = args.recipients or embedded_recipients(tree, trig)
        # An object pronoun never refers to the subject of its own verb.
        avoid = {i for a, _ in actor_heads for i in tree.subtree(a.i)}
        found = resolve_pronouns(tree, found, avoid)
        recipients = resolve_recipients(tree, found, resolve,
                                 aimed=trig.entry.event in CONTENT_TYPES)
        if not any(is_actor(r) for r in recipients):
            recipients = aimed_by_verb(tree, trig, resolve) or recipients
        if trig.token.i in victims and not any(
                r.sector is not None or r.kind in ("person", "state") for r in recipients) \
                and not any(owner_of(tree, h) for h, _ in found):
            # (but "stormed the offices of Charlie Hebdo" is an assault on the paper)
            recipients = victims[trig.token.i]
        actors, recipients = _second_opinion(
            tree, trig, ranker, (sentence.story_id, sentence.index),
            [t for t, _ in actor_heads] if actors else [], [t for t, _ in found]
            if recipients else [], actors, recipients, resolve, speaker, described)
        mutual = trig.entry.symmetric or trig.entry.event in _MUTUAL_TYPES
        # (a thing said or threatened is no target: "threatened a curfew in Algiers"; a thing
        # attacked is: "stormed the palace in Kabul")
        targetless = not recipients or (trig.entry.event in _VERBAL_TYPES
                                        and not any(is_actor(r) for r in recipients))
        if targetless and actors and trig.entry.event == "THREATEN":
            recipients = threatened_party(tree, trig, resolve) or recipients
            targetless = not any(is_actor(r) for r in recipients)
        if targetless and actors and (not mutual or trig.entry.mode == "visit"):
            recipients = place_as_target(tree, trig, resolve, actors) or recipients
        if recipients and all(r.text.lower() in _EACH_OTHER for r in recipients):
            recipients, mutual = (), True  # "Armenia and Azerbaijan accused each other"
        if trig.entry.event in _VERBAL_TYPES:
            # What one says something about is an actor; "threatened retaliation" or
            # "welcomed the move" names no recipient.
            recipients = tuple(r for r in recipients if is_actor(r))
        # "Near Palmyra, one strike destroyed a tank": the force the story's lead names did it
        awaiting = not actors and trig.entry.event == "ASSAULT" and attack_subject(
            tree, trig, by_index) is not None
        if not actors and not any(is_actor(r) for r in recipients) and not awaiting:
            continue  # "weeks of protests against his rule": no one named on either side
        if trig.entry.culprit and not any(is_actor(r) for r in recipients):
            continue  # "concern about the economy": no one it is aimed at
        if thing_did_it and not any(is_actor(r) for r in recipients) and not awaiting:
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
        if awaiting:
            event = replace(event, reasons={**event.reasons, "actor": AWAITING_DOER})
        ruled = _without_ranker(actors), _without_ranker(recipients)  # senses: rules' parties
        if other_sense(event.event, tree.tokens, *ruled) or soldiers_out(event.event, ruled[0]):
            continue  # "attacked from the wings", "investors rejected the merger"
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
    for speaker, verb, marker, addressee, kind in [*_judgments(tree, by_index),
                                                   *_dismays(tree, by_index)]:
        actors = tuple(a for a in map(resolve, mentions_of(
            tree, [(speaker, f"subject of '{verb.text}'")])) if is_actor(a))
        about = (f"the doer of what '{verb.text}' is about" if kind == "dismay" else
                 f"subject of '{marker.text}' reported by '{verb.text}'")
        recipients = tuple(r for r in map(resolve, mentions_of(tree, [(addressee, about)]))
                           if is_actor(r) or kind == "obligation")  # not "the weather was"
        if actors and recipients:
            event = _judgment_event(sentence, story, verb, marker, kind, actors, recipients,
                                    onto)
            events.setdefault((event.event, tuple(map(ref_key, actors)),
                               tuple(map(ref_key, recipients))), event)
    return list(events.values())


def _second_opinion(tree: Tree, trig: Trigger, ranker: Model | None, key: tuple[str, int],
                    rule_actors: list[Token], rule_recipients: list[Token],
                    actors: tuple[ActorRef, ...], recipients: tuple[ActorRef, ...],
                    resolve: Resolve, speaker: Token | None,
                    described: dict[int, ActorRef | None],
                    ) -> tuple[tuple[ActorRef, ...], tuple[ActorRef, ...]]:
    """The parties after the learned ranker's second opinion (events/ranker.py). A trigger
    whose rules found no party at all stays without: most such triggers are no event."""
    if not actors and not any(is_actor(r) for r in recipients):
        return actors, recipients
    def describe(head: Token) -> ActorRef | None:
        if head.lemma in PRONOUNS:
            return _UNRESOLVED  # what the resolver makes of a pronoun, without its cost
        if head.i not in described:
            found = mentions_of(tree, [(head, "candidate")])
            described[head.i] = resolve(found[0]) if found else None
        return described[head.i]

    mutual = trig.entry.symmetric or trig.entry.event in _MUTUAL_TYPES
    actor, recipient = rerank(tree, trig, rule_actors, rule_recipients, ranker, describe,
                              mutual=mutual, speaker=speaker, sentence_key=key)
    if actor is not None:
        chosen = tuple(a for a in map(resolve, mentions_of(tree, [(actor.token, actor.why)]))
                       if _party(a, recipients))
        actors = chosen or actors
    if recipient is not None:
        chosen = tuple(r for r in map(resolve, mentions_of(tree, [(recipient.token,
                                                                    recipient.why)]))
                       if _party(r, actors))
        recipients = chosen or recipients
    return actors, recipients


def _party(ref: ActorRef, others: tuple[ActorRef, ...]) -> bool:
    """A party the ranker may add: a state, person or organisation, or an agent with a known
    sector ("a crash of Malaysia" is a thing), and not the other side itself."""
    return (ref.kind in ("state", "person", "organization") or ref.sector not in (None, "UNK")) \
        and is_actor(ref) and not _itself(ref, others)


def _without_ranker(refs: tuple[ActorRef, ...]) -> tuple[ActorRef, ...]:
    return tuple(r for r in refs if not r.reason.startswith(RANKER))


def _itself(ref: ActorRef, others: tuple[ActorRef, ...]) -> bool:
    """The other side's own party: the same actor, or a state and its own organs ("France"
    and "the French military") - no event of the ranker's is done by a party to itself."""
    return any((ref.actor_id is not None and ref.actor_id == o.actor_id) or (
        ref.country is not None and ref.country == o.country and "state" in (ref.kind, o.kind))
        for o in others)


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
                or not any(is_actor(r) for r in nominal.recipient):
            del events[key]
        else:
            del events[other]


def _judgment_event(sentence: Sentence, story: Story, verb: Token, marker: Token, kind: str,
                    actors: tuple[ActorRef, ...], recipients: tuple[ActorRef, ...],
                    onto: Ontology) -> Event:
    event_type, cameo, rule = _JUDGMENTS[kind]
    words = (verb,) if marker is verb else (verb, marker)  # ("appalled" is both)
    entry = Entry(line=0, head=verb.lemma, others=tuple(w.lemma for w in words[1:]), pos="VERB",
                  event=event_type, mode=None, cameo=cameo, recipient=(), allowed_objects=None,
                  banned_objects=frozenset(), symmetric=False, needs_complement=False)
    trig = Trigger(verb, entry, words)
    reading = Reading(False, None, None, False, None)
    event = _build(sentence, story, trig, reading, actors, recipients, onto)
    reasons = dict(event.reasons)
    what = "a demand (CAMEO 10)" if event_type == "REQUEST" else f"an accusation (CAMEO {cameo})"
    reasons["event"] = f"rule '{rule}': '{' ... '.join(w.text for w in words)}' is {what}"
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
