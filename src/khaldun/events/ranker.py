"""A learned second opinion on who did it and to whom, among the noun phrases of the sentence.

The rules of events/arguments.py pick the actor and recipient of a trigger from fixed parse
patterns. On real news they often pick nothing, or the wrong phrase, where the right one is
in the sentence. This ranker scores every noun phrase of the sentence as the trigger's actor
and as its recipient from parse features (the dependency path to the trigger, the trigger's
voice and type, the preposition, the entity type, which side of the trigger, what the rules
chose) with two logistic models trained on our own real-news annotations (dev split only) by
`python scripts/train_ranker.py`. The model is a small JSON file of feature weights in the
package (`events/data/ranker.json`); scoring is a sum of weights, no library needed.

It only adds to the rules: a slot the rules left empty is filled by the phrase that scores
highest, when it scores above the model's `fill` threshold (chosen by cross-validation). A
slot the rules filled is kept (letting the ranker replace the rules' choice lost more on our
own gold than it won on real news), and so are the slots of reciprocal events, whose parties
the rules share out. Places named after "in", "at", "near" or "during" are never parties.
Each choice says so in its reason.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from khaldun.errors import DataFileError
from khaldun.events.arguments import dateline, fronted_place
from khaldun.events.grammar import NOT_ACTOR_ENTS
from khaldun.events.parse_tree import PRONOUNS, Tree, text_of
from khaldun.events.triggers import Trigger
from khaldun.records import ActorRef, Token

# Dependency relations of the heads of noun phrases that can be parties.
_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative",
                        "attr", "poss", "agent", "npadvmod", "oprd", "ROOT"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj"})
# How the reasons of the ranker's parties begin.
RANKER = "ranker:"
# Prepositions of where and when: their objects are settings, not parties.
_SETTING_PREPS = frozenset({"in", "at", "near", "during", "inside", "outside"})
MAX_PATH = 4

# Called with each trigger's candidates while training data is collected (see the script).
Recorder = Callable[[dict[str, Any]], None]
_recorder: list[Recorder] = []


def record_with(recorder: Recorder | None) -> None:
    """Send every trigger's candidates and features to `recorder` (None stops)."""
    _recorder.clear()
    if recorder is not None:
        _recorder.append(recorder)


def candidates(tree: Tree, trig: Trigger) -> list[Token]:
    """Heads of the noun phrases of the sentence that could be a party of the trigger."""
    words = {t.i for t in trig.words} | _dateline_words(tree)
    out = []
    for t in tree.tokens:
        if t.i in words or t.pos not in ("NOUN", "PROPN", "PRON") or t.dep not in _HEAD_DEPS:
            continue
        if t.ent_type in NOT_ACTOR_ENTS or (t.pos == "PRON" and t.lemma not in PRONOUNS):
            continue
        if (t.dep == "pobj" and tree.tokens[t.head].lemma.lower() in _SETTING_PREPS) \
                or fronted_place(tree, t):
            continue
        out.append(t)
    return out


def _dateline_words(tree: Tree) -> set[int]:
    """The words of a dateline ("GAZA CITY, Palestinian Territories:"), up to its colon or
    dash: where the story was filed, never a party."""
    run = [t for t in tree.tokens[:4] if dateline(tree, t)]
    head = next((t for t in run if t.head not in {r.i for r in run} and t.dep != "ROOT"),
                None)
    if head is None:
        return set()
    end = next((t.i for t in tree.tokens if t.text in (":", "-", "–", "—")), len(tree.tokens))
    return {i for i in tree.subtree(head.i) if i < end}


def _path(tree: Tree, frm: int, to: int) -> tuple[list[str], list[str]]:
    """Dependency labels going up from `frm` to the common ancestor, then down to `to`."""
    up_chain = [frm, *(a.i for a in tree.ancestors(frm))]
    down_chain = [to, *(a.i for a in tree.ancestors(to))]
    common = next((i for i in up_chain if i in set(down_chain)), None)
    if common is None:
        return ["?"], ["?"]
    up = [tree.tokens[i].dep for i in up_chain[:up_chain.index(common)]]
    down = [tree.tokens[i].dep for i in down_chain[:down_chain.index(common)]][::-1]
    return up, down


def _passive(tree: Tree, verb: Token) -> bool:
    return any(c.dep in ("auxpass", "nsubjpass") for c in tree.children(verb.i))


def features(tree: Tree, trig: Trigger, cand: Token, *, rule_actor: bool,
             rule_recipient: bool, ref: ActorRef | None = None) -> list[str]:
    """The features of one candidate: strings, each weighted by the model. `ref` is what the
    candidate resolves to (its sector and kind say whether it can act at all)."""
    t = trig.token
    up, down = _path(tree, t.i, cand.i)
    hops = len(up) + len(down)
    path = "^".join(up[:MAX_PATH]) + "|" + "v".join(down[:MAX_PATH])
    prep = tree.tokens[cand.head].lemma.lower() if cand.dep == "pobj" else "-"
    kind = trig.entry.event
    voice = "pass" if _passive(tree, t) else "act"
    clause = "cross" if any(d in _CLAUSE_DEPS for d in up + down) else "same"
    side = "before" if cand.i < t.i else "after"
    ent = cand.ent_type or cand.pos
    near = "near" if abs(cand.i - t.i) <= 3 else ("mid" if abs(cand.i - t.i) <= 10 else "far")
    rules = f"rule={'A' if rule_actor else ''}{'R' if rule_recipient else ''}"
    pron = "pron" if cand.lemma in PRONOUNS else "noun"
    base = [f"path={path}", f"dep={cand.dep}", f"prep={prep}", f"ent={ent}", f"side={side}",
            f"hops={min(hops, 6)}", f"clause={clause}", f"near={near}", rules, f"pos={t.pos}",
            f"voice={voice}", f"kind={pron}", f"tdep={t.dep}"]
    crossed = [f"{voice}|{side}|{cand.dep}", f"{voice}|{path}", f"{t.pos}|{path}",
               f"{kind}|{path}", f"{kind}|prep={prep}", f"{kind}|{side}|{cand.dep}",
               f"{rules}|{path}", f"{rules}|{clause}", f"{t.pos}|prep={prep}|{side}",
               f"{voice}|prep={prep}"]
    if ref is not None:
        sector = ref.sector or "-"
        who = ref.kind or "-"
        known = "known" if ref.actor_id and ref.kind != "generic" else "unknown"
        base += [f"sector={sector}", f"rkind={who}", f"ref={known}"]
        crossed += [f"{kind}|sector={sector}", f"{kind}|rkind={who}", f"{side}|rkind={who}",
                    f"{voice}|{side}|rkind={who}"]
    return ["bias", *base, *crossed]


@dataclass(frozen=True, slots=True)
class Model:
    actor: dict[str, float]
    recipient: dict[str, float]
    fill: float

    def score(self, role: str, feats: list[str]) -> float:
        weights = self.actor if role == "actor" else self.recipient
        z = sum(weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model() -> Model | None:
    """The bundled model, or None when the package carries none."""
    path = resources.files("khaldun.events") / "data" / "ranker.json"
    if not path.is_file():
        return None
    return read_model(path.read_text(encoding="utf-8"), name="events/data/ranker.json")


def read_model(text: str, *, name: str) -> Model:
    """A model from its JSON text (see scripts/train_ranker.py for the fields)."""
    try:
        raw = json.loads(text)
        model = Model(actor={str(k): float(v) for k, v in raw["actor"].items()},
                      recipient={str(k): float(v) for k, v in raw["recipient"].items()},
                      fill=float(raw["fill"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(f"{name}: not a ranker model ({exc})") from exc
    if not 0.0 <= model.fill <= 1.0:
        raise DataFileError(f"{name}: fill must be between 0 and 1, got {model.fill}")
    return model


@dataclass(frozen=True, slots=True)
class Choice:
    """The ranker's pick for one slot: the head token and why."""

    token: Token
    why: str


def rerank(tree: Tree, trig: Trigger, rule_actors: list[Token], rule_recipients: list[Token],
           model: Model | None, describe: Callable[[Token], ActorRef | None], *,
           mutual: bool = False, speaker: Token | None = None,
           sentence_key: tuple[str, int] | None = None,
           ) -> tuple[Choice | None, Choice | None]:
    """The ranker's actor and recipient for a trigger, each None where the rules' stand.
    `describe` resolves a candidate head to the actor it names; a `mutual` trigger's slots
    are the rules' to share out; who reports the event ("..., medics said") is no party."""
    if not _recorder and (model is None or mutual or (rule_actors and rule_recipients)):
        return None, None  # nothing the ranker may fill: skip its cost
    reporter = _with_kin(tree, {speaker.i}) if speaker is not None else set()
    cands = [c for c in candidates(tree, trig) if c.i not in reporter]
    actors = {t.i for t in rule_actors}
    recipients = {t.i for t in rule_recipients}
    computed: dict[int, list[str]] = {}

    def feats(c: Token) -> list[str]:  # computed once, and only for candidates still open
        if c.i not in computed:
            computed[c.i] = features(tree, trig, c, rule_actor=c.i in actors,
                                     rule_recipient=c.i in recipients, ref=describe(c))
        return computed[c.i]

    if _recorder and sentence_key is not None:
        _recorder[0]({"story": sentence_key[0], "sentence": sentence_key[1],
                      "text": text_of(tree.tokens),
                      "type": trig.entry.event, "trigger": trig.token.text,
                      "candidates": [{"i": c.i, "text": text_of(tree.phrase(c.i)),
                                      "features": feats(c)} for c in cands]})
    if model is None or not cands or mutual:
        return None, None

    def pick(role: str, taken: set[int]) -> Choice | None:
        scored = [(model.score(role, feats(c)), c) for c in cands if c.i not in taken]
        if not scored:
            return None
        best, token = max(scored, key=lambda s: s[0])
        if best < model.fill:
            return None
        return Choice(token, f"{RANKER} the likeliest {role} of '{trig.token.text}' "
                             f"({best:.2f}) where the rules found none")

    actor = None if actors else pick("actor", _with_kin(tree, recipients))
    chosen = actors | recipients | ({actor.token.i} if actor else set())
    recipient = None if recipients else pick("recipient", _with_kin(tree, chosen))
    return actor, recipient


def _with_kin(tree: Tree, heads: set[int]) -> set[int]:
    """The heads with every word of their phrases and conjuncts: "Four children and a man"
    share one role, so a man is never the children's attacker."""
    out = set(heads)
    for i in heads:
        for t in tree.conjuncts(i):
            out.update(tree.subtree(t.i) if t.i != i else (x.i for x in tree.phrase(i)))
    return out
