"""Tag a clause with the themes it is about, using the taxonomy in data/reference/themes.yaml.

A clause is tagged by what it commits to, not by any word it contains: plans name populations
(“一老一小”重点人群), settings (中医医院) and other programmes in passing all the time. So
- a theme named in the clause title is kept (the title says what the clause is about);
- a theme found in the body is kept only when its weighted score is large enough in itself and
  close enough to the clause's main theme;
- the section heading is context: its theme is kept when the clause has its own cue for it, and a
  clause with no cue of its own takes the heading's theme;
- 其他 is given only when nothing else applies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from etl.layout.sections import split_sentences
from store import paths

OTHER_THEME = "其他"
_REGEX_PREFIX = "re:"

# A title cue at least this strong says the clause is about the theme.
TITLE_MIN = 2.5
# A body theme needs this score in itself (e.g. two strong cues) ...
BODY_MIN = 5.0
# ... and at least this share of the clause's leading body theme.
BODY_SHARE_OF_TOP = 0.5
# A sentence given over to one theme (it outscores every other theme there) with at least this
# score is a commitment about that theme, even inside a clause about something else.
SENTENCE_MIN = 4.5
# A section heading at least this strong gives its theme as context ...
HEADING_MIN = 3.0
# ... to a clause with at least one real cue of its own for that theme.
CONTEXT_MIN = 2.5
# A clause whose strongest own cue is weaker than this counts as carrying no theme of its own.
OWN_SIGNAL_MIN = 2.5


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    keywords: dict[str, float]
    heading_keywords: dict[str, float]


@dataclass(frozen=True)
class _Term:
    pattern: re.Pattern
    weights: dict[str, float]  # theme -> weight
    literal: str | None = None  # the term itself when it is plain text, not a regex
    # Matches wherever its text stands: no anchor, word boundary or lookaround in the pattern.
    context_free: bool = True


def load_taxonomy(path: Path = paths.THEMES_FILE) -> list[Theme]:
    """The themes in taxonomy order."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return [
        Theme(
            name=item["name"],
            description=item.get("description", ""),
            keywords={str(k): float(v) for k, v in (item.get("keywords") or {}).items()},
            heading_keywords={
                str(k): float(v) for k, v in (item.get("heading_keywords") or {}).items()
            },
        )
        for item in data["themes"]
    ]


@lru_cache(maxsize=4)
def _taxonomy(path: Path = paths.THEMES_FILE) -> tuple[Theme, ...]:
    return tuple(load_taxonomy(path))


def theme_names() -> list[str]:
    return [t.name for t in _taxonomy()]


def _compile_terms(pairs: list[tuple[str, str, float]]) -> list[_Term]:
    """One matcher per distinct term; a term shared by several themes carries each weight."""
    weights: dict[str, dict[str, float]] = {}
    for theme, term, weight in pairs:
        weights.setdefault(term, {})[theme] = weight
    terms = []
    for term, by_theme in weights.items():
        if term.startswith(_REGEX_PREFIX):
            source = term[len(_REGEX_PREFIX):]
            terms.append(_Term(re.compile(source), by_theme,
                               context_free=not _CONTEXT_SYNTAX_RE.search(source)))
        else:
            terms.append(_Term(re.compile(re.escape(term)), by_theme, term))
    return terms


# Regex syntax that looks beyond the matched text (^ $ \b \B \A \Z, lookarounds); "[^" and
# escaped marks are caught too, which only costs a shortcut.
_CONTEXT_SYNTAX_RE = re.compile(r"[\^$]|\\[bBAZ]|\(\?<?[=!]")


_SCANNERS: dict[int, tuple[list[_Term], re.Pattern, dict[str, _Term], tuple[_Term, ...]]] = {}


def _scanner(terms: list[_Term]) -> tuple[re.Pattern, dict[str, _Term], tuple[_Term, ...]]:
    """One pass over the text finds, at each position, the longest plain term starting there.

    The term lists come from the cached `_matchers`, so they are built once per list.
    """
    cached = _SCANNERS.get(id(terms))
    if cached is None or cached[0] is not terms:
        cached = (terms, *_build_scanner(terms))
        _SCANNERS[id(terms)] = cached
    return cached[1:]


def _build_scanner(terms: list[_Term]) -> tuple[re.Pattern, dict[str, _Term], tuple[_Term, ...]]:
    by_text = {t.literal: t for t in terms if t.literal}
    if not by_text:
        return re.compile("(?!)"), by_text, tuple(terms)
    # Testing the first two characters alone before the trie passes over the many positions
    # where no term starts at a fraction of the cost (re would otherwise enter the trie at each).
    guard = "[" + "".join(sorted({re.escape(word[0]) for word in by_text})) + "]"
    if all(len(word) > 1 for word in by_text):
        guard += "[" + "".join(sorted({re.escape(word[1]) for word in by_text})) + "]"
    pattern = re.compile(f"(?={guard})(?=({_trie_pattern(list(by_text))}))")
    return pattern, by_text, tuple(t for t in terms if not t.literal)


@lru_cache(maxsize=4)
def _matchers(path: Path = paths.THEMES_FILE) -> tuple[list[_Term], list[_Term]]:
    """(body terms, heading terms); heading terms include the body terms."""
    taxonomy = _taxonomy(path)
    body = [(t.name, k, w) for t in taxonomy for k, w in t.keywords.items()]
    heading = body + [(t.name, k, w) for t in taxonomy for k, w in t.heading_keywords.items()]
    return _compile_terms(body), _compile_terms(heading)


def _trie_pattern(words: list[str]) -> str:
    """A regex for the words with shared prefixes factored out, preferring the longest word.

    Python's re tries every alternative at every position; a trie makes that one branch.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: dict) -> str:
    """A regex for the words below this node, preferring the longest word."""
    ends_here = "" in node
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy: try the longer words first, fall back to the word that ends here.
    return f"(?:{body})?" if ends_here else body


_Hit = tuple[int, int, _Term]


def _hits(text: str, terms: list[_Term]) -> list[_Hit]:
    """Non-overlapping term matches, longest first (婴幼儿死亡率 hides 婴幼儿)."""
    return _resolve(_literal_hits(text, terms) + _regex_hits(text, terms), len(text))


def _literal_hits(text: str, terms: list[_Term]) -> list[_Hit]:
    """The longest plain term starting at each position, left to right (they may overlap)."""
    pattern, by_text, _regex_terms = _scanner(terms)
    return [(m.start(), m.start() + len(m.group(1)), by_text[m.group(1)])
            for m in pattern.finditer(text) if m.group(1)]


def _regex_hits(text: str, terms: list[_Term]) -> list[_Hit]:
    return _term_matches(text, _scanner(terms)[2])


def _term_matches(text: str, regex_terms: tuple[_Term, ...]) -> list[_Hit]:
    return [(m.start(), m.end(), term) for term in regex_terms for m in term.pattern.finditer(text)
            if m.end() > m.start()]


def _resolve(found: list[_Hit], length: int) -> list[_Hit]:
    """Keep the longest matches first; a shorter one overlapping a kept match is dropped."""
    if len(found) < 2:
        return found  # most sentences hold one cue or none
    found.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken = [False] * length
    kept = []
    for start, end, term in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        kept.append((start, end, term))
    return kept


def score_text(text: str, *, heading: bool = False, count_repeats: bool = True) -> dict[str, float]:
    """Theme -> summed weight of the cues in `text`."""
    body_terms, heading_terms = _matchers()
    return _add_weights(_hits(text, heading_terms if heading else body_terms), count_repeats)


@lru_cache(maxsize=4096)
def _heading_scores(text: str) -> dict[str, float]:
    """Section headings repeat for every clause below them; score each once. Read only."""
    return score_text(text, heading=True, count_repeats=False)


def _add_weights(hits: list[_Hit], count_repeats: bool = True) -> dict[str, float]:
    scores: dict[str, float] = {}
    seen: set[int] = set()
    for _start, _end, term in hits:
        if not count_repeats:
            if id(term) in seen:
                continue
            seen.add(id(term))
        for theme, weight in term.weights.items():
            scores[theme] = scores.get(theme, 0.0) + weight
    return scores


def _body_of(clause_title: str, text: str) -> str:
    """The clause text without its title, so the title is not counted twice."""
    if clause_title and text.startswith(clause_title):
        return text[len(clause_title):]
    return text


def _sentence_themes(body: str, body_literal: list[_Hit] | None = None,
                     body_regex: list[_Hit] | None = None) -> set[str]:
    """Themes that some sentence of the body is given over to.

    body_literal, body_regex: the body's plain-term and regex matches. The plain ones serve its
    sentences too when none runs over a sentence's edge (each sentence would find the same);
    a regex term that needs no context and matches nowhere in the body matches in no sentence.
    """
    body_terms = _matchers()[0]
    sentences = split_sentences(body)
    grouped = _by_sentence(body_literal, sentences) if body_literal is not None else None
    regex_terms = _scanner(body_terms)[2]
    if body_regex is not None:
        in_body = {id(term) for _start, _end, term in body_regex}
        regex_terms = tuple(t for t in regex_terms if id(t) in in_body or not t.context_free)
    found = set()
    for i, sentence in enumerate(sentences):
        if grouped is None:
            scores = score_text(sentence.text)
        else:
            shifted = [(s - sentence.start, e - sentence.start, term) for s, e, term in grouped[i]]
            hits = _resolve(shifted + _term_matches(sentence.text, regex_terms), len(sentence.text))
            scores = _add_weights(hits)
        if not scores:
            continue
        best = max(scores.values())
        leaders = [t for t, s in scores.items() if s == best]
        if best >= SENTENCE_MIN and len(leaders) == 1:
            found.add(leaders[0])
    return found


def _by_sentence(hits: list[_Hit], sentences) -> list[list[_Hit]] | None:
    """The hits (in text order) that fall in each sentence; None if one crosses a sentence edge."""
    grouped: list[list[_Hit]] = [[] for _ in sentences]
    i = 0
    for hit in hits:
        while i < len(sentences) and sentences[i].end <= hit[0]:
            i += 1
        if i == len(sentences) or hit[0] < sentences[i].start or hit[1] > sentences[i].end:
            return None
        grouped[i].append(hit)
    return grouped


# A target's own words are few: one clear cue names its theme.
TARGET_MIN = 2.5


def tag_target_themes(section: str, words: str) -> list[str]:
    """Themes a single target is about, from its indicator and the words of its phrase; with
    no cue of its own, the themes its section heading names; ["其他"] when none applies."""
    body_terms = _matchers()[0]
    scores = _add_weights(_resolve(_literal_hits(words, body_terms) + _regex_hits(words, body_terms),
                                   len(words)))
    top = max(scores.values(), default=0.0)
    tagged = {t for t, score in scores.items() if score >= TARGET_MIN and score >= BODY_SHARE_OF_TOP * top}
    if not tagged and top < OWN_SIGNAL_MIN:
        tagged = {t for t, s in _heading_scores(section).items() if s >= HEADING_MIN}
    tagged.discard(OTHER_THEME)
    ordered = [t for t in theme_names() if t in tagged]
    return ordered or [OTHER_THEME]


def tag_themes(section: str, clause_title: str, text: str) -> list[str]:
    """Themes the clause is about, in taxonomy order; ["其他"] when none applies."""
    body_terms = _matchers()[0]
    title = _heading_scores(clause_title)
    body_text = _body_of(clause_title, text)
    # The body's plain-term matches serve the whole body and each of its sentences.
    body_literal = _literal_hits(body_text, body_terms)
    body_regex = _regex_hits(body_text, body_terms)
    body = _add_weights(_resolve(body_literal + body_regex, len(body_text)))
    devoted = _sentence_themes(body_text, body_literal, body_regex)
    context = _heading_scores(section)

    top_body = max(body.values(), default=0.0)
    tagged = set()
    # Every bar below is above zero: only a theme with some cue of its own or in the heading
    # can pass one, so the rest of the taxonomy need not be looked at.
    for theme in {*title, *body, *devoted, *context}:
        own_title, own_body = title.get(theme, 0.0), body.get(theme, 0.0)
        if own_title >= TITLE_MIN:
            tagged.add(theme)
        elif own_body >= BODY_MIN and own_body >= BODY_SHARE_OF_TOP * top_body:
            tagged.add(theme)
        elif theme in devoted:
            tagged.add(theme)
        elif context.get(theme, 0.0) >= HEADING_MIN and own_title + own_body >= CONTEXT_MIN:
            tagged.add(theme)

    own_signal = max([*title.values(), *body.values()], default=0.0)
    if not tagged and own_signal < OWN_SIGNAL_MIN:
        tagged = {t for t, s in context.items() if s >= HEADING_MIN}
    tagged.discard(OTHER_THEME)
    ordered = [t for t in theme_names() if t in tagged]
    return ordered or [OTHER_THEME]
