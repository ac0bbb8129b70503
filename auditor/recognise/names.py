"""Normalised keys for indicator, sasaran and program names.

The same indicator is printed differently from table to table: case, spacing, "ber
akreditasi" / "berakreditasi", "Penerima" / "Penerimaan", "%" / "Persentase", "Kab/ Kota" /
"Kabupaten/Kota", punctuation. `name_key` maps all of those to one key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

# Detached Indonesian prefixes that are sometimes typed as a separate word.
_PREFIXES = {"ber", "ter", "di", "ke", "se", "me", "pe", "per"}
_ABBREVIATIONS = {"kab": "kabupaten", "kota": "kota", "%": "persentase", "&": "dan", "yg": "yang"}
# Leading labels such as "Sasaran 1:" or "Program" that tables add or omit.
_LEADING_LABEL = re.compile(r"^(?:sasaran|tujuan)\s*[0-9]*\s*:\s*", re.IGNORECASE)


def _stem(token: str) -> str:
    # "penerimaan" and "penerima" are the same word for matching; so are "-nya" forms.
    for suffix in ("nya", "an"):
        if len(token) > len(suffix) + 4 and token.endswith(suffix):
            return token[: -len(suffix)]
    return token


def name_key(text: str) -> str:
    """A comparison key for a name: lower case, no punctuation, prefixes joined, stemmed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _LEADING_LABEL.sub("", text.strip())
    text = text.replace("%", " % ").replace("&", " & ")
    tokens = re.findall(r"[a-z0-9]+|%|&", text)
    joined: list[str] = []
    for token in tokens:
        token = _ABBREVIATIONS.get(token, token)
        if joined and joined[-1] in _PREFIXES:
            joined[-1] += token
        else:
            joined.append(token)
    return " ".join(_stem(t) for t in joined)


# --- matching one name against another ------------------------------------------------

# Words that carry no identity in a name; a leading label word is dropped as well.
STOPWORDS = frozenset(
    {"yang", "dan", "di", "ke", "dari", "untuk", "pada", "terhadap", "bagi", "dalam", "atau"}
    | {"serta", "dengan", "oleh"}
)
LEADING_LABELS = frozenset(["program", "kegiatan", "sub", "sasaran", "tujuan", "indikator"])
EXACT_KEY = 2.0  # identical keys outrank any similarity score
FUZZY_TOKEN = 0.8  # spelling variants ("sosial" / "social") of tokens of 5+ letters


def _acronyms(*token_lists: Sequence[str]) -> set[str]:
    return {
        t
        for tokens in token_lists
        for t in tokens
        if 3 <= len(t) <= 6 and t.isalpha() and t not in STOPWORDS
    }


def _collapse(tokens: list[str], acronyms: set[str]) -> list[str]:
    """Replace a spelled-out run by its acronym when the acronym is printed too.

    "pemerlu pelayan kesejahtera sosial ppks" and "ppks" name the same thing; the run's
    initials (stopwords inside it skipped) must spell an acronym found in either name.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        replaced = False
        if tokens[i] not in STOPWORDS:
            initial = tokens[i][0]
            for acronym in sorted((a for a in acronyms if a[0] == initial), key=len, reverse=True):
                j, initials = i, ""
                while j < len(tokens) and len(initials) < len(acronym):
                    if tokens[j] not in STOPWORDS:
                        initials += tokens[j][0]
                    j += 1
                if initials == acronym and j - i > 1:
                    out.append(acronym)
                    i = j + (j < len(tokens) and tokens[j] == acronym)
                    replaced = True
                    break
        if not replaced:
            out.append(tokens[i])
            i += 1
    return out


def content_tokens(key: str, acronyms: set[str] | None = None) -> list[str]:
    """The tokens of a name key that identify it: no stopwords, no leading label word."""
    tokens = key.split()
    while tokens and tokens[0] in LEADING_LABELS:
        tokens = tokens[1:]
    if acronyms:
        tokens = _collapse(tokens, acronyms)
    return [t for t in tokens if t not in STOPWORDS]


def _tokens_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[0] != b[0] or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 2:
        return False  # cheap rejections before the quadratic comparison
    return _alike(a, b)


@lru_cache(maxsize=1 << 16)  # pure; a document's names share a small vocabulary
def _alike(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b).ratio() >= FUZZY_TOKEN


@dataclass(frozen=True)
class _Name:
    """What `similarity` needs of one name key, worked out once per key."""

    content: tuple[str, ...]  # content tokens, no acronym collapsed
    # The first two letters of the tokens that may be acronyms, and the initials of each two
    # consecutive non-stopword tokens: a run of tokens can only collapse into an acronym
    # whose first two letters are the initials of its first two tokens.
    acronym_starts: frozenset[str]
    initial_pairs: frozenset[str]


@lru_cache(maxsize=1 << 16)  # pure; per key, so it does not grow with the pairs compared
def _name(key: str) -> _Name:
    tokens = key.split()
    while tokens and tokens[0] in LEADING_LABELS:
        tokens = tokens[1:]
    words = [t for t in tokens if t not in STOPWORDS]
    return _Name(
        tuple(words),
        frozenset(a[:2] for a in _acronyms(key.split())),
        frozenset(x[0] + y[0] for x, y in pairwise(words)),
    )


def similarity(a: str, b: str) -> float:
    """How surely two name keys name the same thing: EXACT_KEY, else 0..1.

    A token-set score (2·matched / total tokens) after dropping stopwords and collapsing
    acronyms, and 0 unless every token of the shorter name is matched: "Indeks Pembangunan
    Gender" and "Indeks Pemberdayaan Gender" differ in one content word and never match,
    while a missing "yang" or "social" for "sosial" does.

    Not cached by pair (the pairs grow with the product of two tables' rows): what each key
    needs is prepared once (`_name`), and acronyms are collapsed only when they can be.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return EXACT_KEY
    name_a, name_b = _name(a), _name(b)
    starts = name_a.acronym_starts | name_b.acronym_starts
    if starts & (name_a.initial_pairs | name_b.initial_pairs):
        acronyms = _acronyms(a.split(), b.split())
        left, right = content_tokens(a, acronyms), content_tokens(b, acronyms)
    else:
        left, right = list(name_a.content), list(name_b.content)
    if not left or not right:
        return 0.0
    if len(left) > len(right):
        left, right = right, left
    unused = list(right)
    matched = 0
    for token in left:
        hit = next((u for u in unused if u == token), None) or next(
            (u for u in unused if _tokens_match(token, u)), None
        )
        if hit is None:
            return 0.0
        unused.remove(hit)
        matched += 1
    return 2 * matched / (len(left) + len(right))


def pair(
    left: Sequence[Sequence[str]], right: Sequence[Sequence[str]], threshold: float
) -> dict[int, int]:
    """One-to-one matches left index → right index; each item has one or more name keys.

    Best scores are taken first (exact keys before similar ones, then document order), so
    a row is never matched to two rows and a near-miss never steals an exact match.

    Exact keys are looked up, not compared: only the items left without an exact match are
    scored against each other, which is what the best-first order would reach them with.
    """
    matches: dict[int, int] = {}
    if threshold > EXACT_KEY:
        return matches
    used: set[int] = set()
    where: dict[str, list[int]] = {}  # key → the right items that have it, in order
    for j, keys_b in enumerate(right):
        for key in keys_b:
            having = where.setdefault(key, []) if key else None
            if having is not None and (not having or having[-1] != j):
                having.append(j)
    start: dict[str, int] = {}  # key → where its first unused item may be in where[key]
    for i, keys_a in enumerate(left):
        first = None
        for key in keys_a:
            found = where.get(key, []) if key else []
            if not found:
                continue
            n = start.get(key, 0)
            while n < len(found) and found[n] in used:
                n += 1
            start[key] = n
            if n < len(found) and (first is None or found[n] < first):
                first = found[n]
        if first is not None:
            matches[i] = first
            used.add(first)
    rest_left = [i for i in range(len(left)) if i not in matches]
    rest_right = [j for j in range(len(right)) if j not in used]
    if not rest_left or not rest_right:
        return matches
    # Items with the same keys score alike, so they are taken in order: of those, no more
    # than there are items on the other side can be matched, and only the first ones.
    scores: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}
    scored = []
    rights = _firsts(right, rest_right, len(rest_left))
    for i in _firsts(left, rest_left, len(rest_right)):
        keys_a = tuple(left[i])
        for j in rights:
            keys_b = tuple(right[j])
            score = scores.get((keys_a, keys_b))
            if score is None:
                score = scores[keys_a, keys_b] = max(
                    (similarity(a, b) for a in keys_a for b in keys_b), default=0.0
                )
            if score >= threshold:
                scored.append((-score, i, j))
    for _, i, j in sorted(scored):
        if i not in matches and j not in used:
            matches[i] = j
            used.add(j)
    return matches


def _firsts(items: Sequence[Sequence[str]], indices: list[int], most: int) -> list[int]:
    """`indices` keeping of the items with the same keys only the first `most`."""
    seen: dict[tuple[str, ...], int] = {}
    kept = []
    for n in indices:
        keys = tuple(items[n])
        if seen.get(keys, 0) < most:
            seen[keys] = seen.get(keys, 0) + 1
            kept.append(n)
    return kept


def mentions(tokens: list[str], name: list[str]) -> bool:
    """The name's tokens occur in `tokens` as one contiguous phrase."""
    n = len(name)
    return n > 0 and any(tokens[k : k + n] == name for k in range(len(tokens) - n + 1))
