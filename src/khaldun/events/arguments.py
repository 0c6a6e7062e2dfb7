"""Who did it and to whom: a trigger's actor and recipient found in the parse (active subject
and object, passive subject and "by" agent, nominal possessor and modifiers, prepositional
objects, conjuncts, pronouns read in the sentence) and resolved to actors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from khaldun.actors.aliases import fold
from khaldun.actors.resolve import vocabulary
from khaldun.events.grammar import HOSTILE, INSTRUMENT_VERBS, NOT_ACTOR_ENTS, QUANTITIES
from khaldun.events.parse_tree import PRONOUNS, RELATIVES, Tree, text_of
from khaldun.events.triggers import Trigger, embedding_roles, prep_objects
from khaldun.records import ActorRef, Mention, Token

Resolve = Callable[[Mention], ActorRef]

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
_ROUNDS = frozenset({"round", "series", "wave", "spate", "string", "barrage", "volley", "day",
                     "week"})
_LIGHT_VERB_DEPS = frozenset({"dobj", "attr", "nsubjpass"})
_FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
# Prepositions whose gerund shares the subject of the verb above ("by recalling", "after
# meeting", "in demanding", "committed to supporting"); "for" gives a reason, often the
# object's ("jailed him for insulting the king").
_SHARED_SUBJECT_PREPS = frozenset({"by", "after", "before", "while", "since", "upon", "on",
                                   "in", "without", "despite", "through", "to"})
# Texts whose words are their author's: "a resolution criticizing X" criticises for whoever
# adopted it.
_DOCUMENTS = frozenset({"resolution", "statement", "letter", "report", "motion", "declaration",
                        "communique", "bill", "law", "decree", "order", "ruling", "judgment",
                        "petition", "complaint", "lawsuit", "memo", "message", "note",
                        "proposal", "plan", "measure", "text", "video", "post"})
# Prepositions of place that open a sentence ("Near Palmyra, ...", "Outside Kabul, ...").
_LOCATIVES = frozenset({"near", "in", "outside", "inside", "around", "at", "across", "along"})
# Verbs whose bare complement is done by their subject: "let free", "helped rebuild".
_CAUSATIVES = frozenset({"let", "help", "make"})
# Who heads a body stands for it: "the head of the armed forces" is a military actor.
_HEADS = frozenset({"head", "chief"})
# Verbs that hold their object responsible for a "for"/"of" event: "blamed X for the attack".
_HOLDING = frozenset({"blame", "accuse", "condemn", "denounce", "criticize", "criticise",
                      "sanction", "punish", "fault"})


def subject(tree: Tree, verb: Token) -> Token | None:
    """The verb's subject, borrowed from a controlling or conjoined verb when it has none."""
    current = verb
    for _ in range(6):
        # A dateline parsed as a subject is none: "KOLKATA, India - Police have arrested"
        subj = next((t for t in tree.children(current.i, "nsubj", "csubj")
                     if not dateline(tree, t) and not fronted_place(tree, t)), None)
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
        if current.dep == "acl" and current.tag == "VBG" \
                and fold(tree.tokens[current.head].lemma) in _DOCUMENTS \
                and tree.tokens[current.head].dep == "dobj":
            # "approved a resolution criticizing the government": who wrote or passed the
            # document says what it says
            current = tree.tokens[tree.tokens[current.head].head]
            continue
        if current.dep == "relcl" or (current.dep == "acl" and participle and (
                current.tag == "VBG" or tree.child(current.i, "dobj") is not None)):
            # "the troops who recaptured Mosul"; "rebels handing over their weapons": an
            # active participle's subject is the noun it modifies (a passive one's is not:
            # "the missiles fired by ...")
            return tree.tokens[current.head]
        if current.dep == "ccomp" and tree.tokens[current.head].lemma in _CAUSATIVES \
                and current.tag == "VB":
            # "Egypt let free the activist", "helped rebuild": the bare verb is the causer's
            current = tree.tokens[current.head]
            continue
        if current.dep == "pcomp" and current.tag == "VBG" and current.head != current.i:
            # "By recalling its ambassador, Slovenia made a step", "after meeting Putin, he
            # said": a gerund under a preposition shares the subject of the verb above it
            # (not a reason's: "arrested the rapper for backing the protests")
            prep = tree.tokens[current.head]
            if prep.head != prep.i and prep.lemma in _SHARED_SUBJECT_PREPS \
                    and tree.tokens[prep.head].pos in ("VERB", "AUX", "ADJ"):
                current = tree.tokens[prep.head]
                passive_subj = tree.child(current.i, "nsubjpass")
                if passive_subj is not None and tree.child(current.i, "nsubj") is None:
                    return passive_subj  # "is committed to supporting", "was arrested after"
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


def fronted_place(tree: Tree, token: Token) -> bool:
    """A fronted place the parser read as a subject: "Near Palmyra, two strikes destroyed"."""
    first = tree.phrase(token.i)[0]
    return first.i == 0 and first.i != token.i and first.text.lower() in _LOCATIVES


def dateline(tree: Tree, token: Token) -> bool:
    """A place in capitals opening the sentence before a comma or dash ("KOLKATA, India -",
    "GAZA CITY, Palestinian Territories:")."""
    run = 0
    while run < len(tree.tokens) and tree.tokens[run].text.isupper() \
            and len(tree.tokens[run].text) > 1:
        run += 1
    if 0 < run < len(tree.tokens) and token.i < run \
            and tree.tokens[run].text in (",", "-", "–", "—", "("):
        return True
    # "Hanoi (VNA) - Vietnam supports ...": a place and an agency in brackets before a dash
    dash = next((t.i for t in tree.tokens[:10] if t.text in ("-", "–", "—")), None)
    bracket = next((t.i for t in tree.tokens[1:dash] if t.text == "("), None) if dash else None
    return dash is not None and bracket is not None and token.i < dash \
        and tree.tokens[dash - 1].text == ")" \
        and all(t.ent_type == "GPE" for t in tree.tokens[:bracket])


@dataclass(frozen=True, slots=True)
class Arguments:
    actors: list[tuple[Token, str]]
    recipients: list[tuple[Token, str]]


def verb_arguments(tree: Tree, trig: Trigger) -> Arguments:
    verb, entry = trig.token, trig.entry
    noun = tree.tokens[verb.head]
    if verb.dep == "acl" and verb.tag == "VBN" and noun.dep == "attr" and any(
            t.dep == "expl" for t in tree.children(noun.head)):
        # "There were 10 Russian soldiers killed in Ukraine": the existential names those it
        # was done to
        return Arguments([], [(noun, f"what there were '{verb.text}'")])
    if entry.giver:  # "received weapons from Berlin": Berlin gives, the subject receives
        receiver = subject(tree, verb)
        return Arguments([(t, f"object of 'from' after '{verb.text}', the giver")
                          for t in prep_objects(tree, trig.words, ("from",))],
                         [(receiver, f"subject of '{verb.text}', who receives")]
                         if receiver is not None else [])
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
                       for t in tree.children(by.i, "pobj") if t.ent_type not in NOT_ACTOR_ENTS]
        if not actors:  # "was bombed and killed by coalition aircraft": one agent for both
            partners = [c for c in tree.children(verb.i, "conj") if c.tag == "VBN"]
            if verb.dep == "conj" and tree.tokens[verb.head].tag == "VBN":
                partners.append(tree.tokens[verb.head])
            actors += [(t, f"'by' agent of passive '{c.text}', conjoined with '{verb.text}'")
                       for c in partners for agent in tree.children(c.i, "agent")
                       for t in tree.children(agent.i, "pobj")]
        if "obj" in entry.recipient:
            subj = next((t for t in tree.children(verb.i, "nsubjpass")
                         if not dateline(tree, t)), None)
            if subj is not None and subj.lemma in RELATIVES and verb.dep == "relcl":
                # "a man who was shot by soldiers": the man
                recipients.append((tree.tokens[verb.head], f"passive subject of "
                                   f"'{verb.text}', the noun its relative clause modifies"))
            elif subj is not None:
                recipients.append((subj, f"passive subject of '{verb.text}'"))
    else:
        subj = subject(tree, verb)
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
                       for t in prep_objects(tree, trig.words, preps)]
    if preps and not recipients and not passive and any(
            p.lemma in preps and not tree.children(p.i, "pobj")
            for p in tree.children(verb.i, "prt")):
        # "We call on more countries to assist": the preposition read as a particle leaves
        # its object as the verb's
        obj = tree.child(verb.i, "dobj")
        if obj is not None:
            recipients.append((obj, f"object of '{verb.text}', read through the particle"))
    return Arguments(actors, recipients)


def noun_arguments(tree: Tree, trig: Trigger, triggers: dict[int, Trigger]) -> Arguments:
    noun, entry = trig.token, trig.entry
    actors: list[tuple[Token, str]] = []
    patients: list[tuple[Token, str]] = []
    for by in tree.children(noun.i, "prep"):
        if by.lemma == "by":
            actors += [(t, f"'by' phrase of '{noun.text}'") for t in tree.children(by.i, "pobj")]
    if not actors:  # "the attack carried out by the rebels", "the raids that were led by"
        actors += [(t, f"'by' agent of '{c.text}' that describes '{noun.text}'")
                   for c in tree.children(noun.i, "acl", "relcl") if c.tag == "VBN"
                   for a in tree.children(c.i, "agent") for t in tree.children(a.i, "pobj")]
    poss = tree.child(noun.i, "poss")
    if poss is not None and poss.ent_type in NOT_ACTOR_ENTS:
        poss = None  # "Friday's killing of ...": a date, not a doer
    # The noun in the verb's slot: itself, or the "round" in "opened a new round of talks".
    slot = noun
    verb = tree.tokens[noun.head]
    roles = embedding_roles()
    if noun.dep == "pobj" and verb.lemma == "of" and tree.tokens[verb.head].lemma in _ROUNDS:
        slot = tree.tokens[verb.head]
        verb = tree.tokens[slot.head]
    elif noun.dep == "pobj" and verb.lemma in ("in", "of") and verb.head != verb.i \
            and tree.tokens[verb.head].ent_type in ("MONEY", "QUANTITY", "CARDINAL"):
        # "announced $2 billion in military aid": the amount stands in the verb's slot
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
    held = held_responsible(tree, noun)
    if held is not None:
        actors.append(held)
    elicited = _elicited(tree, noun) if slot.dep == "dobj" and "elicit" in roles.get(
        verb.lemma, frozenset()) else []
    if elicited and not actors:
        # "drew condemnation from Washington": Washington condemns the subject
        actors += [(t, f"object of 'from' after '{noun.text}'") for t in elicited]
        target = subject(tree, verb)
        if target is not None:
            patients.append((target, f"subject of '{verb.text}', who drew '{noun.text}'"))
        light = False
    if poss is not None and actors and not patients:
        # "his assassination by Israeli gunships": with a "by" doer, the possessor is the target
        patients.append((poss, f"possessor of '{noun.text}', done by another"))
    elif poss is not None and not (poss.pos == "PRON" and light and subject(tree, verb)):
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
        traveller = subject(tree, tree.tokens[verb.head])
        if traveller is not None:
            actors.append((traveller, f"subject of '{tree.tokens[verb.head].text}' "
                                      f"{verb.text} '{noun.text}'"))
    if not actors and slot.dep == "dobj" and verb.lemma == "claim":
        # "Daesh claimed dual attacks in Baghdad": the claimant did them
        claimant = subject(tree, verb)
        if claimant is not None:
            actors.append((claimant, f"subject of '{verb.text}', who claims '{noun.text}'"))
    if not actors:
        for mod in tree.children(noun.i, "amod", "compound"):
            # "Israeli airstrikes", "Hamas rocket fire", "U.S. airstrikes"; not "the Paris
            # attacks" (a place, not a state)
            if mod not in trig.words and (mod.ent_type in ("NORP", "ORG") or (
                    mod.ent_type == "GPE" and entry.event in HOSTILE
                    and fold(mod.text) in vocabulary().names)):  # (not "US aid": a thing)
                actors.append((mod, f"modifier of '{noun.text}'"))
    if not actors and light:  # "launched an attack", "staged a protest"
        subj = subject(tree, verb) if slot.dep != "nsubjpass" else next(
            (o for a in tree.children(verb.i, "agent") for o in tree.children(a.i, "pobj")),
            None)  # "an attack was launched by the rebels"
        if subj is not None:
            actors.append((subj, f"subject of '{verb.text}' with '{noun.text}'"))
    preps = tuple(p for p in entry.recipient if p not in ("obj", "dative"))
    recipients = patients or [(t, f"object of '{t.text}' after '{noun.text}'")
                              for t in prep_objects(tree, trig.words, preps)]
    if not recipients and entry.event == "REQUEST":
        # "its demand that Israel ease restrictions": the one asked is the clause's subject
        recipients = [(inner, f"subject of the clause of '{noun.text}'")
                      for comp in tree.children(noun.i, "acl", "ccomp")
                      for inner in tree.children(comp.i, "nsubj")]
    if not recipients and actors and preps:
        # "attacks by his militia, the Mahdi Army, on worshippers": "on" hangs off the agent.
        by_heads = tuple(a for a, rule in actors if rule.startswith("'by'"))
        recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                      for t in prep_objects(tree, by_heads, preps)]
        if not recipients:
            appos = tuple(c for a in by_heads for c in tree.children(a.i, "appos"))
            recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                          for t in prep_objects(tree, appos, preps)]
    if not recipients and preps:
        # "revulsion at attacks ..., on worshippers": the phrase hangs off the nearest verb.
        above = next((a for a in tree.ancestors(noun.i) if a.pos in ("VERB", "AUX")), None)
        if above is not None:
            recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                          for t in prep_objects(tree, (above,), preps) if t.i > noun.i]
            if not recipients:  # "conducted strikes using bomber aircraft against ISIL"
                means = [c for c in tree.children(above.i, "advcl", "xcomp")
                         if c.lemma in INSTRUMENT_VERBS]
                recipients = [(t, f"object of '{t.text}' after '{noun.text}'")
                              for c in means for i in sorted(tree.subtree(c.i))
                              for t in [tree.tokens[i]] if t.dep == "pobj"
                              and tree.tokens[t.head].lemma in preps]
    return Arguments(actors, recipients)


def held_responsible(tree: Tree, noun: Token) -> tuple[Token, str] | None:
    """Who did a nominal event that someone is held responsible for: "claimed responsibility
    for the attacks" (the claimant), "blamed al-Shabab for the massacre" (the blamed)."""
    prep = tree.tokens[noun.head]
    if noun.dep != "pobj" or prep.lemma not in ("for", "of") or prep.head == prep.i:
        return None
    up = tree.tokens[prep.head]
    if prep.lemma == "for" and up.lemma == "responsibility" and up.dep == "dobj":
        claimant = subject(tree, tree.tokens[up.head])
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
            for o in tree.children(p.i, "pobj") if o.ent_type not in NOT_ACTOR_ENTS]


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


def resolve_doers(tree: Tree, found: list[tuple[Token, str]]) -> list[tuple[Token, str]]:
    out = []
    for head, rule in found:
        target = _only_antecedent(tree, head) if head.pos == "PRON" else None
        out.append((target, f"{rule}; pronoun '{head.text}' read as '{target.text}', the "
                            f"only fitting name before it") if target is not None
                   else (head, rule))
    return out


def resolve_pronouns(tree: Tree, found: list[tuple[Token, str]],
                      avoid: set[int]) -> list[tuple[Token, str]]:
    out = []
    for head, rule in found:
        pronoun = head
        if head.pos == "NUM" or head.lemma in QUANTITIES:  # "3,000 of them": who they are
            inner = next((o for p in tree.children(head.i, "prep") if p.lemma == "of"
                          for o in tree.children(p.i, "pobj")), None)
            if inner is not None and inner.pos == "PRON":
                pronoun = inner
        target = _antecedent(tree, pronoun, avoid) if pronoun.pos == "PRON" else None
        out.append((target, f"{rule}; pronoun '{pronoun.text}' read as '{target.text}' earlier "
                            f"in the sentence") if target is not None else (head, rule))
    return out


def mentions_of(tree: Tree, found: list[tuple[Token, str]]) -> list[Mention]:
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
            if t.ent_type in NOT_ACTOR_ENTS and not (  # "the first of 1,027 prisoners"
                    t.lemma in QUANTITIES and any(p.lemma == "of" for p in tree.children(
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
            elif t.lemma in QUANTITIES or t.lemma in _HEADS or t.pos == "NUM":
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


def is_actor(ref: ActorRef) -> bool:
    """Pronouns, names, states and agent nouns are actors; "the plan" or "his role" is not,
    nor is the reader addressed as "you"."""
    if ref.text.lower() == "you":
        return False
    return ref.kind != "generic" or ref.sector is not None or ref.country is not None


def _subject_head(tree: Tree, verb: Token) -> Token | None:
    """The verb's subject, through a quantity or round: "a series of airstrikes" -> airstrikes."""
    subj = subject(tree, verb)
    if subj is not None and subj.lemma in QUANTITIES | _ROUNDS:
        subj = next((o for p in tree.children(subj.i, "prep") if p.lemma == "of"
                     for o in tree.children(p.i, "pobj")), subj)
    return subj


def doer_of_subject(tree: Tree, trig: Trigger, triggers: dict[int, Trigger],
                     resolve: Resolve) -> tuple[ActorRef, ...]:
    """When a verb's subject is itself a nominal event ("a series of U.S. airstrikes killed
    20 militants"), the event's doer is that noun's; so is the doer of the nominal event a
    passive happened in or by ("were killed in Israeli tank shelling", "died in a Russian
    missile strike", "was wounded by a Taliban attack")."""
    subj = _subject_head(tree, trig.token)
    if subj is None or subj.i not in triggers or triggers[subj.i].entry.pos != "NOUN" or \
            subj.dep == "nsubjpass":
        subj = next((o for p in tree.children(trig.token.i, "prep", "agent")
                     if p.lemma in ("in", "by", "during")
                     for o in tree.children(p.i, "pobj")
                     if o.i in triggers or vocabulary().agents.get(fold(o.lemma)) == "MIL"),
                    None)
        if subj is not None and subj.i not in triggers:
            # "killed in Israeli tank shelling" (the parser's "tank"): the state of the weapon
            armed = tuple(a for a in map(resolve, mentions_of(tree, [(
                subj, f"the weapon '{subj.text}' that '{trig.token.text}' was done with")]))
                if a.country is not None)
            return armed
    if subj is None or subj.i not in triggers or triggers[subj.i].entry.pos != "NOUN":
        return ()
    noun = triggers[subj.i]
    heads = noun_arguments(tree, noun, triggers).actors
    found = tuple(map(resolve, mentions_of(tree, resolve_doers(tree, heads))))
    how = "the subject" if subj.dep.startswith("nsubj") else "the event"
    return tuple(replace(a, reason=f"{a.reason}; doer of '{noun.token.text}', {how} of "
                                    f"'{trig.token.text}'") for a in found if is_actor(a))


def attack_subject(tree: Tree, trig: Trigger, triggers: dict[int, Trigger]) -> Token | None:
    """The subject of a verb when it is itself a nominal attack: "one strike destroyed a
    fighting position", "five strikes engaged ISIL units"."""
    subj = _subject_head(tree, trig.token) if trig.entry.pos == "VERB" else None
    if subj is None or subj.i not in triggers or subj.dep == "nsubjpass":
        return None
    noun = triggers[subj.i].entry  # ("strike" is a labour strike unless armed: "armed")
    return subj if noun.pos == "NOUN" and (noun.event == "ASSAULT" or noun.armed) else None


def reports_own_act(tree: Tree, trig: Trigger) -> bool:
    """A coercion told in the passive with no agent ("was arrested", "has been charged"),
    whose reporter, if an authority, is the one who did it."""
    verb = trig.token
    return trig.entry.event == "COERCE" and trig.entry.pos == "VERB" \
        and bool(tree.children(verb.i, "nsubjpass", "auxpass")) \
        and not tree.children(verb.i, "agent")
