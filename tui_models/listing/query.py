"""The search language, parsed into terms that the index evaluates.

Space-separated terms are AND-ed, case-insensitive:

| term | matches models whose |
|---|---|
| `gpt 4o` | id, display name or owner contains `gpt`, and contains `4o` |
| `-preview` | id, name and owner do not contain `preview` |
| `owner:azure` | owner contains `azure` |
| `id:mini` | id contains `mini` |
| `proto:claude` | some protocol serving it starts with `claude` (`openai`, `claude`, `gemini`) |
| `kind:embed` | kind starts with `embed` (chat, embedding, image, audio, rerank, …) |
| `ctx>128k` | context window is over 128,000 tokens (`k` and `m` suffixes) |
| `in<1` `out<=5` | input / output price per 1M tokens (`max>=8k`: max output tokens) |
| `is:new` `is:gone` | first seen lately (a day: `new_for`) / listed before but not any more |
| `is:locked` | published by the relay for other groups only: not usable with this key |
| `is:fav` | starred with `f` |
| `is:changed` | price, limits or groups changed in the last fetch or the last day (`new_for`) |
| `new:7d` | first seen in the last 7 days (`h`, `d`, `w`; from the kept history) |

Field names come from the field table (`tui_models.fields`): a field declared there with
`search` names and a `match` is searchable here.

A term that is not finished yet (`ctx>`) or wrong (`ctx>abc`, `is:foo`) is ignored, so the
table never empties while you type, and `Query.problems` says why, with the valid values; a
`kind:` or `proto:` that no value starts with matches nothing, and says so too.
"""

from __future__ import annotations

import re
import time
from typing import NamedTuple

from tui_models import fields
from tui_models.fmt import parse_duration

FLAGS = {"new", "gone", "fav", "changed", "locked"}

_COMPARISON = re.compile(r"^([a-z]+)(<=|>=|<|>|=)(.*)$")
_NUMBER = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)([km]?)$")
_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000}


class Term(NamedTuple):
    """One condition. `kind` is text, exclude, field (substring), prefix, compare or flag."""

    kind: str
    field: str
    value: str
    op: str = ""
    number: float = 0.0

    def implies(self, other: Term) -> bool:
        """Every model matching self also matches `other` (so results can be narrowed)."""
        if self == other:
            return True
        if (self.kind, self.field) != (other.kind, other.field):
            return False
        if self.kind in ("text", "field"):
            return other.value in self.value
        if self.kind == "prefix":
            return self.value.startswith(other.value)
        if self.kind == "exclude":
            return self.value in other.value
        return False


class Query(NamedTuple):
    """A parsed query. Empty when it has no terms (everything matches)."""

    terms: tuple[Term, ...] = ()
    ignored: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    """One line per ignored or hopeless term: what is wrong and what would be right."""

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(t.value for t in self.terms if t.kind == "flag")

    def narrows(self, previous: Query) -> bool:
        """True when this query's matches are a subset of `previous`'s."""
        return all(any(t.implies(p) for t in self.terms) for p in previous.terms)


def _number(text: str, unit: str) -> float | None:
    if unit == "date":
        return fields.date_number(text)
    if unit == "usd":
        text = text.removeprefix("$")
    match = _NUMBER.match(text)
    if not match or (match.group(2) and unit != "tokens"):
        return None
    return float(match.group(1)) * _SUFFIX[match.group(2)]


def parse(text: str) -> Query:
    """Parse a search string; never raises."""
    terms: list[Term] = []
    ignored: list[str] = []
    problems: list[str] = []
    for word in text.lower().split():
        term, problem = _term(word)
        if term is None:
            ignored.append(word)
        elif term not in terms:
            terms.append(term)
        if problem:
            problems.append(f"“{word}” {problem}")
    return Query(tuple(terms), tuple(ignored), tuple(problems))


def _term(word: str) -> tuple[Term | None, str]:
    """The term `word` stands for (None when it is ignored) and what is wrong with it."""
    comparison = _COMPARISON.match(word)
    numeric = fields.searchable("number")
    if comparison and comparison.group(1) in numeric:
        name, op, value = comparison.groups()
        field = numeric[name]
        number = _number(value, field.unit)
        if number is None:
            example = {"tokens": "128k", "date": "2025-06"}.get(field.unit, "2.5")
            return None, f"wants a number, such as {name}{op}{example}"
        return Term("compare", field.key, value, op, number), ""
    name, sep, value = word.partition(":")
    text_fields, prefix_fields = fields.searchable("text"), fields.searchable("prefix")
    if sep and name in text_fields:
        return (Term("field", text_fields[name].key, value), "") if value else \
            (None, f"wants some text, such as {name}:mini")
    if sep and name in prefix_fields:
        field = prefix_fields[name]
        known = field.values() if field.values else ()
        choices = ", ".join(known)
        if not value:
            return None, f"wants one of {choices}"
        if known and not any(v.startswith(value) for v in known):
            return Term("prefix", field.key, value), f"matches nothing; {name}: is one of {choices}"
        return Term("prefix", field.key, value), ""
    if sep and name == "new":
        seconds = parse_duration(value) if value else None
        if seconds is None:
            return None, "wants a time, such as new:7d, new:12h or new:2w"
        return Term("compare", "new_at", value, ">=", time.time() - seconds), ""
    if sep and name == "is":
        return (Term("flag", "is", value), "") if value in FLAGS else \
            (None, f"wants {' or '.join(f'is:{f}' for f in sorted(FLAGS))}")
    if word.startswith("-"):
        return (Term("exclude", "", word[1:]), "") if len(word) > 1 else \
            (None, "wants a word to leave out, such as -preview")
    return Term("text", "", word), ""
