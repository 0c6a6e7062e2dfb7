"""Name variants: one key for the spellings of one name.

`name_key` folds what transliteration and typography vary — diacritics, Arabic articles
(al-, el-, as-, ad-, ash-...), leading titles and honorifics, possessives, consonant
alternations (q/k/gh/g, dh/d, ph/f, z/s), vowel classes (a/e, i/y, o/u/ou) and double
letters — and keeps what tells names apart, so "Muqtada al-Sadr", "Moqtada al-Sadr" and
"Muqtada el-Sadr" share a key while "Sadr City", "Hafez al-Assad", "Bashar al-Assad",
"Khomeini" and "Khamenei" do not. Acronyms (ICE, ICJ, MBS) are kept as written.
`loose_key` drops vowels too (Hezbollah = Hizbullah); it is a fallback for look-ups only,
since it also joins names that differ.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARTICLES = frozenset({"al", "el", "as", "ad", "ash", "an", "ar", "az", "at", "ath", "adh",
                      "ul", "bin", "ibn", "the"})
# Words that may precede a name without being part of it. Honorifics go whatever follows
# them ("Mr Sadr"); office titles only when at least two name words remain ("Prime Minister
# Nouri al-Maliki"), so "State Department" and "Defense Department" stay apart.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "sheikh", "shaikh", "sheik", "grand",
    "ayatollah", "hojatoleslam", "imam", "mullah", "pope", "rev", "reverend", "late", "former",
    "fiery", "radical", "cleric"})
OFFICES = frozenset({
    "president", "prime", "minister", "premier", "king", "queen", "prince", "princess", "emir",
    "general", "gen", "lieutenant", "lt", "colonel", "col", "major", "maj", "captain", "capt",
    "sergeant", "sgt", "marshal", "field", "brigadier", "admiral", "adm", "commander",
    "chancellor", "secretary", "senator", "sen", "rep", "representative", "governor", "gov",
    "mayor", "chief", "justice", "judge", "ambassador", "envoy", "acting", "interim",
    "deputy", "vice", "foreign", "defence", "defense", "interior", "finance", "state",
    "opposition", "leader", "spokesman", "spokeswoman", "shia", "shiite", "sunni", "father",
    "bishop", "archbishop", "rabbi"})
TITLES = HONORIFICS | OFFICES
_ALTERNATIONS: tuple[tuple[str, str], ...] = (
    ("ph", "f"), ("gh", "k"), ("kh", "k"), ("q", "k"), ("g", "k"), ("c", "k"), ("dh", "d"),
    ("th", "t"), ("z", "s"), ("j", "y"), ("w", "u"),
    ("ou", "u"), ("oo", "u"), ("o", "u"), ("ee", "i"), ("e", "a"), ("y", "i"),
)
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")  # "E.U." is the acronym EU, not the words "e u"


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no diacritics, no punctuation but hyphens, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`]s\b", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    return " ".join(text.split())


def _plain(word: str) -> str:
    """The word without diacritics, case kept ("UÇK" -> "UCK")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c))


def word_key(word: str) -> str:
    """The key of one folded word: consonant and vowel alternations, double letters."""
    for old, new in _ALTERNATIONS:
        word = word.replace(old, new)
    return _DOUBLE.sub(r"\1", word)


def _words(name: str, *, hyphens: bool = False) -> list[tuple[str, bool]]:
    """(folded word, is an acronym) for each word of a name, articles and titles removed;
    with `hyphens`, a hyphenated word stays one ("Osei-Banda") less its article ("al-Sadr")."""
    raw = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), re.sub(r"[’'`]s\b", "", name))
    if not hyphens:
        raw = raw.replace("-", " ")
    words = [(fold(w), bool(_ACRONYM.match(_plain(w).strip(".,()")))) for w in raw.split()]
    if hyphens:
        words = [("-".join(p for p in w.split("-") if p and p not in ARTICLES), a)
                 for w, a in words]
    words = [(w, a) for w, a in words if w and w not in ARTICLES]
    while words and words[0][0] in HONORIFICS and not words[0][1]:
        words = words[1:]
    while len(words) > 2 and words[0][0] in OFFICES and not words[0][1]:
        words = words[1:]
    return words


def name_words(name: str) -> list[str]:
    """The folded words of a name without articles, titles or possessive endings; a
    hyphenated word is one ("Halima Osei-Banda" has two, "al-Sadr" one)."""
    return [w for w, _ in _words(name, hyphens=True)]


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """One key for the spellings of a name ("" when nothing of a name is left)."""
    return " ".join(w if acronym else word_key(w) for w, acronym in _words(name))


@lru_cache(maxsize=1 << 16)
def loose_key(name: str) -> str:
    """The consonant skeleton of a name's key, for fallback look-ups."""
    return " ".join(w if acronym else (_DOUBLE.sub(r"\1", _VOWELS.sub("", word_key(w)))
                                       or word_key(w))
                    for w, acronym in _words(name))


def surname_key(name: str) -> str:
    """The key of a name's last word: what "Mr Sadr", "al-Sadr" or "Osei-Banda" shares with
    the full name."""
    words = _words(name, hyphens=True)
    if not words:
        return ""
    word, acronym = words[-1]
    return word if acronym else word_key(word)


_KOREAN_GIVEN = re.compile(r"^[A-Z][a-z]{1,4}-[a-z]{1,5}$")  # "Jong-un", "Jae-in", "Suk-yeol"
# Common Chinese family names in pinyin, for names written family name first ("Xi Jinping").
_CHINESE_FAMILY = frozenset({
    "bai", "cai", "cao", "chen", "cheng", "deng", "ding", "du", "fan", "fang", "feng", "gao",
    "guo", "han", "he", "hu", "huang", "jiang", "jin", "kong", "lei", "li", "liang", "lin",
    "liu", "lu", "luo", "ma", "mao", "meng", "pan", "peng", "qian", "qin", "ren", "shi",
    "song", "sun", "tang", "tian", "wan", "wang", "wei", "wen", "wu", "xi", "xia", "xiao",
    "xie", "xu", "xue", "yan", "yang", "ye", "yu", "yuan", "zeng", "zhang", "zhao", "zheng",
    "zhou", "zhu"})


def surname_keys(name: str) -> frozenset[str]:
    """The keys a later bare surname may use for a full name: its last word's, and the first
    word's for names written family name first: Korean ones, whose romanised given name is
    hyphenated with a lower-case second part ("Kim Jong-un" is "Kim"), and Chinese ones, a
    common family name and one given name ("Xi Jinping" is "Xi", "Wang Yi" is "Wang")."""
    keys = {surname_key(name)}
    words = name.split()
    if len(words) == 2 and len(name_words(words[0])) == 1 and (
            _KOREAN_GIVEN.match(words[1]) or fold(words[0]) in _CHINESE_FAMILY):
        keys.add(surname_key(words[0]))
    return frozenset(keys - {""})
