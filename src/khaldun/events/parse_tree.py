"""Small helpers over a sentence's tokens: children, subtrees, noun-phrase spans, conjuncts."""

from __future__ import annotations

from collections.abc import Iterator

from khaldun.records import Token

# Dependents that belong to a noun phrase naming an actor ("Shiite cleric Muqtada al-Sadr's").
_PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "case", "nummod", "quantmod",
                          "nmod", "flat", "predet", "npadvmod", "nn"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"})
RELATIVES = frozenset({"who", "which", "that", "whom"})


class Tree:
    """Index over one sentence's tokens (sentence-local indices)."""

    def __init__(self, tokens: tuple[Token, ...]) -> None:
        self.tokens = tokens
        kids: list[list[int]] = [[] for _ in tokens]
        for t in tokens:
            if t.head != t.i:
                kids[t.head].append(t.i)
        self._kids = kids

    def children(self, i: int, *deps: str) -> list[Token]:
        return [self.tokens[c] for c in self._kids[i] if not deps or self.tokens[c].dep in deps]

    def child(self, i: int, *deps: str) -> Token | None:
        found = self.children(i, *deps)
        return found[0] if found else None

    def descendants(self, i: int, depth: int) -> Iterator[Token]:
        if depth == 0:
            return
        for c in self._kids[i]:
            yield self.tokens[c]
            yield from self.descendants(c, depth - 1)

    def subtree(self, i: int) -> list[int]:
        out = [i]
        for c in self._kids[i]:
            out.extend(self.subtree(c))
        return out

    def ancestors(self, i: int) -> Iterator[Token]:
        seen = {i}
        while self.tokens[i].head not in seen:
            i = self.tokens[i].head
            seen.add(i)
            yield self.tokens[i]

    def conjuncts(self, i: int) -> list[Token]:
        """The token and every noun conjoined with it ("France, Germany and Britain")."""
        out = [self.tokens[i]]
        for c in self.children(i, "conj"):
            if c.pos in ("NOUN", "PROPN", "PRON"):
                out.extend(self.conjuncts(c.i))
        for c in self.children(i, "appos"):
            if self.listed(c):
                out.extend(self.conjuncts(c.i))
        return out

    def listed(self, token: Token) -> bool:
        """A name the parser hung as an apposition although it opens the rest of a list:
        "Uribe, Correa and Chavez" read as Uribe (Correa and Chavez)."""
        return token.dep == "appos" and token.pos == "PROPN" \
            and self.tokens[token.head].pos == "PROPN" \
            and any(c.dep == "cc" and c.lemma in ("and", "or") for c in self.children(token.i)) \
            and any(c.dep == "conj" and c.pos == "PROPN" for c in self.children(token.i))

    def phrase(self, i: int, *, keep_of: bool = True, force_of: bool = False
               ) -> tuple[Token, ...]:
        """The noun phrase headed by token i, without clauses, conjuncts or other PPs."""
        keep = {i}
        for c in self._kids[i]:
            t = self.tokens[c]
            if t.dep in _PHRASE_DEPS or (keep_of and self._names_of(t, force_of)) or (
                t.dep == "appos" and not self.listed(t) and any(self.tokens[j].pos == "PROPN"
                                                                for j in self.subtree(c))
            ):  # "Two Reuters reporters, Wa Lone and Kyaw Soe Oo,": the names are the phrase
                keep.update(self.subtree(c))
        lo, hi = min(keep), max(keep)
        span = [t for t in self.tokens[lo:hi + 1] if t.i in keep or lo < t.i < hi]
        while span and (span[0].pos == "PUNCT" or span[0].dep == "cc"):
            span.pop(0)
        while span and (span[-1].pos == "PUNCT" or span[-1].dep == "case"):
            span.pop()
        return tuple(span) or (self.tokens[i],)


    def stray_name(self, i: int) -> Token | None:
        """A person's name the parser hung on the object of a role noun's preposition: in
        "the US ambassador to Libya, Christopher Stevens" the name is the ambassador's."""
        if self.tokens[i].pos != "NOUN":
            return None
        for prep in self.children(i, "prep"):
            for obj in self.children(prep.i, "pobj"):
                for appos in self.children(obj.i, "appos"):
                    if appos.ent_type == "PERSON" and appos.pos == "PROPN" \
                            and obj.ent_type != "PERSON":
                        return appos
        return None

    def _names_of(self, prep: Token, force: bool = False) -> bool:
        """An "of" phrase that names who ("members of the Mahdi Army"), not what."""
        if prep.dep != "prep" or prep.lemma != "of":
            return False
        return force or any(o.pos == "PROPN" or o.ent_type for o in self.children(prep.i, "pobj"))


def text_of(tokens: tuple[Token, ...]) -> str:
    return "".join(t.text + t.ws for t in tokens).strip()
