"""Name variants: one key for the spellings of one name.

`name_key` folds what transliteration and typography vary — diacritics, Arabic articles
(al-, el-, as-, ad-, ash-...), titles and honorifics, possessives, and consonant
alternations (q/k/gh/g, dh/d, ph/f, z/s), vowels and double letters — and keeps what tells
names apart, so "Muqtada al-Sadr", "Moqtada al-Sadr" and "Muqtada el-Sadr" share a key while
"Sadr City", "Hafez al-Assad" and "Bashar al-Assad" do not.
"""

from __future__ import annotations

import re
import unicodedata

ARTICLES = frozenset({"al", "el", "as", "ad", "ash", "an", "ar", "az", "at", "ath", "adh",
                      "ul", "bin", "ibn"})
# Words that precede or decorate a name without being part of it.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "president", "prime", "minister", "premier",
    "king", "queen", "prince", "princess", "emir", "sheikh", "shaikh", "sheik", "grand",
    "ayatollah", "imam", "mullah", "cleric", "general", "gen", "lieutenant", "lt", "colonel",
    "col", "major", "maj", "captain", "capt", "sergeant", "sgt", "marshal", "admiral", "adm",
    "commander", "chancellor", "secretary", "senator", "sen", "rep", "representative",
    "governor", "gov", "mayor", "chief", "justice", "judge", "ambassador", "envoy", "former",
    "late", "acting", "interim", "deputy", "vice", "foreign", "defence", "defense", "interior",
    "finance", "state", "opposition", "leader", "spokesman", "spokeswoman", "radical",
    "fiery", "shia", "shiite", "sunni", "hojatoleslam", "pope", "father", "rev",
    "reverend", "bishop", "archbishop", "rabbi", "field", "brigadier"})
# Consonant alternations of English transliteration, applied in order to a folded word; the
# vowels are then dropped, since they vary most (Muhammad, Mohammed, Mohamed).
_ALTERNATIONS: tuple[tuple[str, str], ...] = (
    ("ph", "f"), ("gh", "k"), ("kh", "k"), ("q", "k"), ("g", "k"), ("c", "k"), ("dh", "d"),
    ("th", "t"), ("z", "s"), ("j", "y"), ("w", "u"),
)
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower case, no diacritics, no punctuation but hyphens, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`]s\b", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    return " ".join(text.split())


def word_key(word: str) -> str:
    """The key of one folded word: its consonant skeleton after the alternations above."""
    for old, new in _ALTERNATIONS:
        word = word.replace(old, new)
    skeleton = _DOUBLE.sub(r"\1", _VOWELS.sub("", word))
    return skeleton or word


def name_words(name: str) -> list[str]:
    """The folded words of a name without articles, titles or possessive endings."""
    words = fold(name).replace("-", " ").split()
    return [w for w in words if w not in ARTICLES and w not in TITLES]


def name_key(name: str) -> str:
    """One key for the spellings of a name ("" when nothing of a name is left)."""
    return " ".join(word_key(w) for w in name_words(name))


def surname_key(name: str) -> str:
    """The key of a name's last word: what "Mr Sadr" or "al-Sadr" shares with the full name."""
    words = name_words(name)
    return word_key(words[-1]) if words else ""
