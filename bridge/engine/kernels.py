"""The loops of the query path, so a query costs its terms' postings and one pass over the
rows that can rank, with no temporary array per score part; and so building the index
splits a large catalogue's words without a string per word, and weighs its postings in
place.

They are plain Python over numpy arrays. For a large catalogue `loops` gives them compiled
by numba (machine code cached on disk, so later processes load it instead of compiling);
for a small one it gives them as written, those over postings and rows in whole-array numpy
steps (the same arithmetic in the same order), which is faster than loading the compiler.
The hot loops index with unsigned integers: numba then adds no wrap-around check for a
negative index to each read, and can vectorise the loop.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

COMPILE_FROM_ROWS = 5_000  # below this many rows, plain Python beats importing numba
_KERNELS: dict[str, Callable[..., Any]] = {}
_compiled: types.SimpleNamespace | None = None
_lock = threading.Lock()
Function = TypeVar("Function", bound=Callable[..., Any])


def _kernel(function: Function) -> Function:
    """Registers a loop, in definition order (helpers before the loops that call them)."""
    _KERNELS[function.__name__] = function
    return function


def loops(rows: int) -> types.SimpleNamespace:
    """The loops, compiled when the catalogue has `COMPILE_FROM_ROWS` rows or more."""
    if rows < COMPILE_FROM_ROWS:
        return _PLAIN
    return compiled()


def compiled() -> types.SimpleNamespace:
    """Every loop compiled by numba, once per process. Each is compiled from its own code
    in a namespace of compiled loops, so the loops it calls are compiled ones too."""
    global _compiled
    with _lock:
        if _compiled is None:
            from numba import njit

            names: dict[str, Any] = dict(globals())
            for name, function in _KERNELS.items():
                copy = types.FunctionType(function.__code__, names, name)
                copy.__qualname__ = function.__qualname__
                copy.__module__ = function.__module__
                names[name] = njit(cache=True, nogil=True)(copy)
            _compiled = types.SimpleNamespace(**{n: names[n] for n in _KERNELS})
        return _compiled


TIE_BITS = 22  # room for 4 million records' tie ranks below the score in one int64 key
_TIE_MAX = (1 << TIE_BITS) - 1


@_kernel
def text_scores(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    term_ids: np.ndarray,
    weights: np.ndarray,
    typed: np.ndarray,
    n: int,
    track: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every row's text score (the sum of its postings times the query's weights); when
    `track` is set, the rows that scored, in the order first met; and whether each row holds
    a term the person typed (`typed`, a flag per term), not only one the query added."""
    scores = np.zeros(n, dtype=np.float32)
    hits = np.zeros(n, dtype=np.bool_)
    size = 0
    if track:
        for t in range(term_ids.size):
            size += indptr[term_ids[t] + 1] - indptr[term_ids[t]]
    touched = np.empty(min(size, n), dtype=np.int64)
    found = 0
    for t in range(term_ids.size):
        weight = weights[t]
        if weight <= 0:
            continue
        term = np.uint64(term_ids[t])
        typed_term = typed[t]
        for p in range(np.uint64(indptr[term]), np.uint64(indptr[term + np.uint64(1)])):
            row = np.uint64(indices[p])
            if track and scores[row] == 0:
                touched[found] = row
                found += 1
            scores[row] += data[p] * weight
            if typed_term:
                hits[row] = True
    return scores, touched[:found], hits


@_kernel
def weighted_sums(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    term_ids: np.ndarray,
    weights: np.ndarray,
    n: int,
    typed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Every row's text score, as `text_scores` gives it, for a query whose first `typed`
    terms are the ones the person typed and the rest are added; and, when some are added,
    whether each row holds a typed term (empty when all were typed: a row then holds one
    exactly when it scores). The terms are summed in the same order as `text_scores` does,
    so the scores are the same to the last bit."""
    scores = np.zeros(n, dtype=np.float32)
    hits = np.zeros(0, dtype=np.bool_)
    for t in range(term_ids.size):
        if t == typed:
            hits = scores > 0
        weight = weights[t]
        if weight <= 0:
            continue
        term = np.uint64(term_ids[t])
        for p in range(np.uint64(indptr[term]), np.uint64(indptr[term + np.uint64(1)])):
            scores[np.uint64(indices[p])] += data[p] * weight
    return scores, hits


@_kernel
def weigh_postings(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, idf: np.ndarray
) -> None:
    """Term counts in term-major postings turned, in place, into the weights of
    scikit-learn's TfidfTransformer(sublinear_tf=True) transform, given its fitted `idf_`:
    (1 + log tf) * idf, then each record's weights scaled to unit length. In place and in
    the postings' own layout, a large catalogue needs no temporary copies of them."""
    norms = np.zeros(indices.max() + 1 if indices.size else 0, dtype=np.float64)
    for term in range(indptr.size - 1):
        for p in range(indptr[term], indptr[term + 1]):
            weight = (np.float32(1.0) + np.log(data[p])) * idf[term]
            data[p] = weight
            norms[indices[p]] += np.float64(weight) * weight
    for p in range(data.size):
        norm = norms[indices[p]]
        if norm > 0:
            data[p] = data[p] / np.sqrt(norm)


_HASH_BITS = (1 << 30) - 1  # a word's hash: its bytes as digits base 33, kept to 30 bits


@_kernel
def _is_word_byte(byte: int) -> bool:
    """Whether a byte of folded UTF-8 text belongs to a word: a-z or 0-9, as `text.words`
    reads words (every byte of a non-ASCII character is above them)."""
    return 97 <= byte <= 122 or 48 <= byte <= 57


@_kernel
def _slot(hashed: int, size: int) -> int:
    """Where a word of this hash is first looked for in a table of `size` slots (a power of
    two): the middle bits of the hash times Knuth's constant."""
    return ((hashed * 2654435761) >> 16) & (size - 1)


@_kernel
def _hash(text: np.ndarray, start: int, end: int) -> int:
    hashed = 0
    for p in range(start, end):
        hashed = (hashed * 33 + int(text[p])) & _HASH_BITS
    return hashed


@_kernel
def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """The array, or a copy with room for at least `size` items (twice as many as it had)."""
    if array.size >= size:
        return array
    bigger = np.empty(max(size, 2 * array.size), dtype=array.dtype)
    bigger[: array.size] = array
    return bigger


@_kernel
def _found(
    text: np.ndarray,
    start: int,
    end: int,
    hashed: int,
    table: np.ndarray,
    spelt: np.ndarray,
    spelt_ends: np.ndarray,
) -> tuple[int, int]:
    """The number of the word text[start:end] of this hash among the words met, and its
    slot in the table; -1 and the empty slot where it would go when it is new."""
    size = table.size
    length = end - start
    slot = _slot(hashed, size)
    known = table[slot]
    while known >= 0:
        at = spelt_ends[known]
        if spelt_ends[known + 1] - at == length:
            k = 0
            while k < length and spelt[at + k] == text[start + k]:
                k += 1
            if k == length:
                return int(known), slot
        slot = (slot + 1) & (size - 1)
        known = table[slot]
    return -1, slot


@_kernel
def _rehashed(spelt: np.ndarray, spelt_ends: np.ndarray, distinct: int, size: int) -> np.ndarray:
    """A table of `size` slots (a power of two) holding the distinct words met."""
    table = np.full(size, -1, dtype=np.int32)
    for word in range(distinct):
        slot = _slot(_hash(spelt, spelt_ends[word], spelt_ends[word + 1]), size)
        while table[slot] >= 0:
            slot = (slot + 1) & (size - 1)
        table[slot] = word
    return table


@_kernel
def _known_words(
    text: np.ndarray,
    ends: np.ndarray,
    table: np.ndarray,
    spelt: np.ndarray,
    spelt_ends: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each word's number among the words met before, or -1 - m for the m-th word not met
    before; how many words each text has; and where each word not met starts and ends. It
    only reads the words met, so the compiled loop keeps them at hand."""
    most = (text.size + ends.size) // 2 + 1  # a text of n bytes holds at most (n + 1) // 2 words
    numbers = np.empty(most, dtype=np.int32)
    per_text = np.zeros(ends.size, dtype=np.int64)
    unmet = np.empty((most, 2), dtype=np.int64)
    found = 0
    missed = 0
    begin = 0
    for t in range(ends.size):
        p = begin
        end = ends[t]
        first = found
        while p < end:
            if not _is_word_byte(int(text[p])):
                p += 1
                continue
            q = p
            hashed = 0
            while q < end and _is_word_byte(int(text[q])):
                hashed = (hashed * 33 + int(text[q])) & _HASH_BITS
                q += 1
            known, _ = _found(text, p, q, hashed, table, spelt, spelt_ends)
            if known < 0:
                unmet[missed, 0] = p
                unmet[missed, 1] = q
                known = -1 - missed
                missed += 1
            numbers[found] = known
            found += 1
            p = q
        per_text[t] = found - first
        begin = end
    return numbers[:found], per_text, unmet[:missed]


@_kernel
def word_runs(
    text: np.ndarray,
    ends: np.ndarray,
    table: np.ndarray,
    spelt: np.ndarray,
    spelt_ends: np.ndarray,
    distinct: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """The words of folded texts given as UTF-8 bytes one after another (text i ends at
    ends[i]), told apart by a hash table so that each becomes a string once per distinct
    word: each word's number and how many words each text has. The distinct words met so
    far are `distinct` words, their bytes one after another in `spelt` (word w's end at
    spelt_ends[w + 1]), and `table` their slots (-1: empty); new words are numbered on in
    the order first met, and the three come back (grown when they had no room) with the
    new count of distinct words. Kept apart from the text, they let a word be told from
    those met before by a few cached bytes; the words new to them are added after the
    texts are read, in the order met."""
    numbers, per_text, unmet = _known_words(text, ends, table, spelt, spelt_ends)
    if unmet.shape[0] == 0:
        return numbers, per_text, table, spelt, spelt_ends, distinct
    spelt = _grown(spelt, spelt_ends[distinct] + text.size)
    spelt_ends = _grown(spelt_ends, distinct + unmet.shape[0] + 1)
    given = np.empty(unmet.shape[0], dtype=np.int32)
    for m in range(unmet.shape[0]):
        p, q = unmet[m, 0], unmet[m, 1]
        known, slot = _found(text, p, q, _hash(text, p, q), table, spelt, spelt_ends)
        if known < 0:  # new here, not a repeat of a word new in these texts
            known = distinct
            table[slot] = known
            at = spelt_ends[known]
            spelt[at : at + q - p] = text[p:q]
            spelt_ends[known + 1] = at + q - p
            distinct += 1
            if 2 * distinct > table.size:  # at most half full, so a look-up ends soon
                table = _rehashed(spelt, spelt_ends, distinct, 2 * table.size)
        given[m] = known
    for w in range(numbers.size):
        if numbers[w] < 0:
            numbers[w] = given[-1 - numbers[w]]
    return numbers, per_text, table, spelt, spelt_ends, distinct


@_kernel
def term_rows(
    ids: np.ndarray, lengths: np.ndarray, weights: np.ndarray, columns: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Records' field-weighted term counts as the rows of a CSR matrix `columns` wide: in
    each row its terms in order, each once, with the weights of its words summed. `ids`
    holds the term of every word (-1: a stop word) of the first field's texts one after
    another, then the next field's; `lengths[f, r]` how many words record r has in field
    f; `weights[f]` what a word of field f counts. The rows are summed with their terms in
    the order met, then put in term order by a counting sort into term-major order and
    back, which costs the entries, not a sort of each row."""
    fields, rows = lengths.shape
    cursor = np.zeros(fields, dtype=np.int64)  # where each field's words of a record start
    for f in range(1, fields):
        cursor[f] = cursor[f - 1] + lengths[f - 1].sum()
    summed = np.zeros(columns, dtype=np.float32)
    met_in = np.full(columns, -1, dtype=np.int64)  # the row each term was last met in
    indptr = np.zeros(rows + 1, dtype=np.int64)
    met = np.empty(ids.size, dtype=np.int32)  # each row's terms in the order first met
    sums = np.empty(ids.size, dtype=np.float32)
    term_starts = np.zeros(columns + 1, dtype=np.int64)
    size = 0
    for row in range(rows):
        for f in range(fields):
            weight = weights[f]
            for at in range(cursor[f], cursor[f] + lengths[f, row]):
                term = ids[at]
                if term < 0:
                    continue
                if met_in[term] != row:
                    met_in[term] = row
                    summed[term] = 0
                    met[size] = term
                    term_starts[term + 1] += 1
                    size += 1
                summed[term] += weight
            cursor[f] += lengths[f, row]
        for at in range(indptr[row], size):
            sums[at] = summed[met[at]]
        indptr[row + 1] = size
    term_starts = np.cumsum(term_starts)
    next_of_term = term_starts[:-1].copy()
    rows_by_term = np.empty(size, dtype=np.int64)
    sums_by_term = np.empty(size, dtype=np.float32)
    for row in range(rows):
        for at in range(indptr[row], indptr[row + 1]):
            place = next_of_term[met[at]]
            next_of_term[met[at]] += 1
            rows_by_term[place] = row
            sums_by_term[place] = sums[at]
    next_of_row = indptr[:-1].copy()
    indices = np.empty(size, dtype=np.int32)
    data = np.empty(size, dtype=np.float32)
    for term in range(columns):
        for place in range(term_starts[term], term_starts[term + 1]):
            at = next_of_row[rows_by_term[place]]
            next_of_row[rows_by_term[place]] += 1
            indices[at] = term
            data[at] = sums_by_term[place]
    return indptr, indices, data


@_kernel
def _offer(keys: np.ndarray, rows: np.ndarray, size: int, key: int, row: int | np.uint64) -> int:
    """Keep the row in a min-heap of the largest keys (capacity keys.size) if it belongs
    there; returns the heap's new size."""
    if size < keys.size:
        at = size
        keys[at] = key
        rows[at] = row
        while at > 0:
            parent = (at - 1) // 2
            if keys[parent] <= keys[at]:
                break
            keys[at], keys[parent] = keys[parent], keys[at]
            rows[at], rows[parent] = rows[parent], rows[at]
            at = parent
        return size + 1
    if key <= keys[0]:
        return size
    keys[0] = key
    rows[0] = row
    at = 0
    while True:
        child = 2 * at + 1
        if child >= size:
            return size
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if keys[at] <= keys[child]:
            return size
        keys[at], keys[child] = keys[child], keys[at]
        rows[at], rows[child] = rows[child], rows[at]
        at = child


@_kernel
def _key(total: float, tie: int) -> int:
    """One int64 per row ordering by score (to 1e-6), then by tie rank ascending."""
    return int((np.int64(np.rint(total * 1e6)) << TIE_BITS) + (_TIE_MAX - tie))


@_kernel
def _floor(keys: np.ndarray, size: int) -> float:
    """A score below which a row cannot enter the heap (-inf until it is full)."""
    if size < keys.size:
        return -np.inf
    return float(((keys[0] >> TIE_BITS) - 1) / 1e6)


@_kernel
def _best_first(keys: np.ndarray, rows: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The heap's rows and scores, best first."""
    order = np.argsort(-keys[:size])
    return rows[:size][order], (keys[:size][order] >> TIE_BITS).astype(np.float64) / 1e6


_BLOCK = 128  # rows whose scores are worked out together before any may enter the heap


@_kernel
def _in_play(
    text: np.ndarray,
    allowed: np.ndarray,
    harm_sets: np.ndarray,
    harm_points: np.ndarray,
    region_sets: np.ndarray,
    region_points: np.ndarray,
    role: np.ndarray,
    hits: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, np.ndarray, float, np.ndarray, np.ndarray]:
    """The score parts of `best_rows` with each part not in play (an empty array) made one
    that changes nothing, for the whole-array pass: no text scores 0 and holds no typed
    word, no plain filter lets every row pass, no role earns 0. The harm and region points
    come with the value they must exceed to pass (-1 for a part not in play: its 0 points
    pass)."""
    if not hits.size:
        hits = text > 0 if text.size else np.zeros(n, dtype=np.bool_)
    if not text.size:
        text = np.zeros(n, dtype=np.float32)
    if not allowed.size:
        allowed = np.ones(n, dtype=np.bool_)
    harm_floor = 0.0
    if not harm_points.size:
        harm_points = np.zeros(int(harm_sets.max()) + 1 if n else 1, dtype=np.float32)
        harm_floor = -1.0
    region_floor = 0.0
    if not region_points.size:
        region_points = np.zeros(int(region_sets.max()) + 1 if n else 1, dtype=np.float32)
        region_floor = -1.0
    if not role.size:
        role = np.zeros(n, dtype=np.bool_)
    return text, allowed, harm_points, harm_floor, region_points, region_floor, role, hits


@_kernel
def _row_score(
    in_play: tuple[bool, bool, bool],
    allowed: bool,
    harm: np.float32,
    region: np.float32,
    text: np.float32,
    for_role: bool,
    role_points: float,
) -> tuple[bool, float]:
    """Whether a row passes the filters in play (plain, harm, region) and its score, from
    its parts: text + harm + region + role points, added in that order so every way of
    visiting the rows gives the same bits. A harm or region filter not in play passes, with
    its part 0."""
    _, harm_on, region_on = in_play
    ok = allowed & ((harm > 0) | (not harm_on)) & ((region > 0) | (not region_on))
    total = np.float64(text)
    total += harm
    total += region
    total += role_points * for_role
    return bool(ok), total


@_kernel
def _block_counts(
    start: int,
    end: int,
    floor: float,
    in_play: tuple[bool, bool, bool],
    text: np.ndarray,
    allowed: np.ndarray,
    harm_sets: np.ndarray,
    harm_points: np.ndarray,
    region_sets: np.ndarray,
    region_points: np.ndarray,
    role: np.ndarray,
    role_points: float,
    hits: np.ndarray,
) -> tuple[int, int, int]:
    """Of the rows from start to end, how many pass the filters in play (plain, harm,
    region), how many of those hold a typed word, and how many of those score at least
    `floor`. It stores nothing, so that compiled it is vectorised; `_block_offers` reads
    the rows the same way. (Reading a row's parts in a helper taking the arrays, numba
    keeps the call and counts references to every array on each row: forty times
    slower.)"""
    plain_on, harm_on, region_on = in_play
    passed = 0
    matched = 0
    entering = 0
    for at in range(start, end):
        row = np.uint64(at)
        ok, total = _row_score(
            in_play,
            allowed[row] if plain_on else True,
            harm_points[harm_sets[row]] if harm_on else np.float32(0.0),
            region_points[region_sets[row]] if region_on else np.float32(0.0),
            text[row],
            role[row],
            role_points,
        )
        passed += ok
        matched += ok & hits[row]
        entering += ok & (total >= floor)
    return passed, matched, entering


@_kernel
def _block_offers(
    start: int,
    end: int,
    in_play: tuple[bool, bool, bool],
    text: np.ndarray,
    allowed: np.ndarray,
    harm_sets: np.ndarray,
    harm_points: np.ndarray,
    region_sets: np.ndarray,
    region_points: np.ndarray,
    role: np.ndarray,
    role_points: float,
    heap: tuple[np.ndarray, np.ndarray, int],
    tie: np.ndarray,
    passed_out: np.ndarray,
) -> int:
    """Offers the rows from start to end that pass the filters and may enter the heap
    (keys, rows, size) to it, and sets `passed_out` (when not empty) to which rows passed;
    returns the heap's new size."""
    keys, rows, size = heap
    plain_on, harm_on, region_on = in_play
    marks = passed_out.size > 0
    floor = _floor(keys, size) if keys.size else np.inf
    for at in range(start, end):
        row = np.uint64(at)
        ok, total = _row_score(
            in_play,
            allowed[row] if plain_on else True,
            harm_points[harm_sets[row]] if harm_on else np.float32(0.0),
            region_points[region_sets[row]] if region_on else np.float32(0.0),
            text[row],
            role[row],
            role_points,
        )
        if marks:
            passed_out[row] = ok
        if ok & (total >= floor):
            size = _offer(keys, rows, size, _key(total, tie[row]), row)
            floor = _floor(keys, size)
    return size


@_kernel
def best_rows(
    k: int,
    text: np.ndarray,
    allowed: np.ndarray,
    harm_sets: np.ndarray,
    harm_points: np.ndarray,
    region_sets: np.ndarray,
    region_points: np.ndarray,
    role: np.ndarray,
    role_points: float,
    tie: np.ndarray,
    passed_out: np.ndarray,
    hits: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Of all rows, the k best by score (text + harm + region + role points, to 1e-6), then
    by `tie` ascending; their scores, best first; how many rows passed the filters; and how
    many of those hold a word the person typed (`hits`, a flag per row; with no hits array,
    those with a text score).

    An empty part array is a part not in play: no text, no kind/year/role filter
    (`allowed`), no harm or region filter (points per tag set; 0 points fails), no role
    (flags per row earning `role_points`). A non-empty `passed_out` (a flag per row) is
    set to which rows passed.

    The rows are counted a block at a time, those that may enter the heap among them; only
    a block holding one is scored again to offer them, which once the heap is full is
    seldom. Compiled, the counting pass is vectorised (one version per set of filters in
    play): rows are indexed unsigned, so there is no wrap-around check for a negative
    index, and a filter not in play is not read.
    """
    n = tie.size
    in_play = (allowed.size > 0, harm_points.size > 0, region_points.size > 0)
    if not hits.size:
        hits = text > 0 if text.size else np.zeros(n, dtype=np.bool_)
    if not text.size:
        text = np.zeros(n, dtype=np.float32)
    if not role.size:
        role = np.zeros(n, dtype=np.bool_)
    keys = np.empty(max(k, 0), dtype=np.int64)
    rows = np.empty(max(k, 0), dtype=np.int64)
    size = 0
    floor = _floor(keys, size) if k > 0 else np.inf
    passed = 0
    matched = 0
    marks = passed_out.size > 0
    for start in range(0, n, _BLOCK):
        end = min(start + _BLOCK, n)
        passing, holding, entering = _block_counts(
            start, end, floor, in_play, text, allowed, harm_sets, harm_points, region_sets,
            region_points, role, role_points, hits,
        )  # fmt: skip
        passed += passing
        matched += holding
        if entering or marks:
            size = _block_offers(
                start, end, in_play, text, allowed, harm_sets, harm_points, region_sets,
                region_points, role, role_points, (keys, rows, size), tie, passed_out,
            )  # fmt: skip
            floor = _floor(keys, size) if k > 0 else np.inf
    best, scores = _best_first(keys, rows, size)
    return best, scores, passed, matched


@_kernel
def best_matching_rows(
    k: int,
    candidates: np.ndarray,
    text: np.ndarray,
    allowed: np.ndarray,
    tie: np.ndarray,
    hits: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Of the candidate rows with text that pass `allowed` (when not empty), the k best by
    text score (to 1e-6), then by `tie`; their scores, best first; how many there are; and
    how many of those hold a word the person typed (`hits`, a flag per row)."""
    keys = np.empty(max(k, 0), dtype=np.int64)
    rows = np.empty(max(k, 0), dtype=np.int64)
    size = 0
    floor = _floor(keys, size) if k > 0 else np.inf
    passed = 0
    matched = 0
    for row in candidates:
        total = np.float64(text[row])
        if total <= 0 or (allowed.size and not allowed[row]):
            continue
        passed += 1
        matched += int(hits[row])
        if total >= floor:
            size = _offer(keys, rows, size, _key(total, tie[row]), row)
            floor = _floor(keys, size)
    best, scores = _best_first(keys, rows, size)
    return best, scores, passed, matched


@_kernel
def best_of_sets(values: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """Per tag set (a row of tag codes, padded with a code whose value is 0), the largest
    value of its tags."""
    best = np.zeros(sets.shape[0], dtype=values.dtype)
    for s in range(sets.shape[0]):
        for c in range(sets.shape[1]):
            best[s] = max(best[s], values[sets[s, c]])
    return best


@_kernel
def points_of_sets(
    earned: np.ndarray, relations: np.ndarray, wanted: np.ndarray, sets: np.ndarray
) -> np.ndarray:
    """Per tag set, the most points any of its tags earns against any wanted value: tag t
    meets value w by `relations[w, t]` (a code, 0: not at all), and a code earns
    `earned[code]` (0 earns nothing); the padding code past the last tag earns 0."""
    values = np.zeros(relations.shape[1] + 1, dtype=earned.dtype)
    for w in wanted:
        for t in range(relations.shape[1]):
            values[t] = max(values[t], earned[relations[w, t]])
    return best_of_sets(values, sets)


@_kernel
def diversified(scores: np.ndarray, groups: np.ndarray, top: int, decay: float) -> np.ndarray:
    """Greedy re-ranking of candidates in rank order: each further pick from one group
    counts `decay` times less. Returns the picked positions with their effective scores."""
    m = min(top, scores.size)
    picked = np.zeros(scores.size, dtype=np.bool_)
    factor = np.ones(scores.size, dtype=np.float64)
    chosen = np.empty((m, 2), dtype=np.float64)
    for step in range(m):
        best = -1
        value = -1.0
        for i in range(scores.size):  # first of equals: candidates are in tie order
            if not picked[i] and scores[i] * factor[i] > value:
                best = i
                value = scores[i] * factor[i]
        picked[best] = True
        chosen[step, 0] = best
        chosen[step, 1] = value
        for i in range(scores.size):
            if groups[i] == groups[best]:
                factor[i] *= decay
    return chosen


@_kernel
def contains(
    indptr: np.ndarray, indices: np.ndarray, term_ids: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """For each row and term, whether the term's (sorted) posting list holds the row."""
    found = np.zeros((rows.size, term_ids.size), dtype=np.bool_)
    for t in range(term_ids.size):
        posting = indices[indptr[term_ids[t]] : indptr[term_ids[t] + 1]]
        for r in range(rows.size):
            at = np.searchsorted(posting, rows[r])
            found[r, t] = at < posting.size and posting[at] == rows[r]
    return found


def _text_scores_at_once(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    term_ids: np.ndarray,
    weights: np.ndarray,
    typed: np.ndarray,
    n: int,
    track: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`text_scores` a posting list at a time (a list's rows are distinct)."""
    scores = np.zeros(n, dtype=np.float32)
    hits = np.zeros(n, dtype=np.bool_)
    touched = [np.zeros(0, dtype=np.int64)]
    for t in range(term_ids.size):
        if weights[t] <= 0:
            continue
        at = slice(indptr[term_ids[t]], indptr[term_ids[t] + 1])
        rows = indices[at]
        if track:
            touched.append(rows[scores[rows] == 0].astype(np.int64))
        scores[rows] += data[at] * weights[t]
        if typed[t]:
            hits[rows] = True
    return scores, np.concatenate(touched), hits


def _weighted_sums_at_once(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    term_ids: np.ndarray,
    weights: np.ndarray,
    n: int,
    typed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """`weighted_sums` a posting list at a time (a list's rows are distinct)."""
    scores = np.zeros(n, dtype=np.float32)
    hits = np.zeros(0, dtype=np.bool_)
    for t in range(term_ids.size):
        if t == typed:
            hits = scores > 0
        if weights[t] > 0:
            at = slice(indptr[term_ids[t]], indptr[term_ids[t] + 1])
            scores[indices[at]] += data[at] * weights[t]
    return scores, hits


def _diversified_at_once(
    scores: np.ndarray, groups: np.ndarray, top: int, decay: float
) -> np.ndarray:
    """`diversified`, each pick found over all candidates at once (the first of equals, as
    the loop finds it; none above -1 picks the last, as the loop does)."""
    m = min(top, scores.size)
    open_ = np.ones(scores.size, dtype=np.bool_)
    factor = np.ones(scores.size, dtype=np.float64)
    chosen = np.empty((m, 2), dtype=np.float64)
    for step in range(m):
        effective = np.where(open_, scores * factor, -np.inf)
        best = int(np.argmax(effective))
        if not effective[best] > -1.0:
            best = -1
        open_[best] = False
        chosen[step] = (best, effective[best] if best >= 0 else -1.0)
        factor[groups == groups[best]] *= decay
    return chosen


def _contains_at_once(
    indptr: np.ndarray, indices: np.ndarray, term_ids: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """`contains`, every row looked up in a posting list at once."""
    found = np.zeros((rows.size, term_ids.size), dtype=np.bool_)
    for t in range(term_ids.size):
        posting = indices[indptr[term_ids[t]] : indptr[term_ids[t] + 1]]
        if posting.size:
            at = np.minimum(np.searchsorted(posting, rows), posting.size - 1)
            found[:, t] = posting[at] == rows
    return found


def _points_of_sets_at_once(
    earned: np.ndarray, relations: np.ndarray, wanted: np.ndarray, sets: np.ndarray
) -> np.ndarray:
    """`points_of_sets` over every tag, then every tag set, at once."""
    values = np.zeros(relations.shape[1] + 1, dtype=earned.dtype)
    if wanted.size:
        values[:-1] = earned[relations[wanted]].max(axis=0)
    best: np.ndarray = np.maximum(values[sets].max(axis=1), 0)
    return best


def _top(
    rows: np.ndarray, totals: np.ndarray, tie: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Of these rows with these scores, the k best by score (to 1e-6), then by `tie`
    ascending, best first, keyed as `_key` keys them; and their scores."""
    keys = (np.rint(totals * 1e6).astype(np.int64) << TIE_BITS) + (
        _TIE_MAX - tie[rows].astype(np.int64)
    )
    size = min(max(k, 0), rows.size)
    chosen = np.argpartition(-keys, size - 1)[:size] if 0 < size < rows.size else None
    candidates = np.arange(rows.size) if chosen is None else chosen
    order = candidates[np.argsort(-keys[candidates])][:size]
    return rows[order].astype(np.int64), (keys[order] >> TIE_BITS).astype(np.float64) / 1e6


def _best_matching_rows_at_once(
    k: int,
    candidates: np.ndarray,
    text: np.ndarray,
    allowed: np.ndarray,
    tie: np.ndarray,
    hits: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """`best_matching_rows` over all candidates at once."""
    totals = text[candidates].astype(np.float64)
    ok = totals > 0
    if allowed.size:
        ok &= allowed[candidates]
    rows, scores = _top(candidates[ok], totals[ok], tie, k)
    return rows, scores, int(ok.sum()), int(hits[candidates[ok]].sum())


def _best_rows_at_once(
    k: int,
    text: np.ndarray,
    allowed: np.ndarray,
    harm_sets: np.ndarray,
    harm_points: np.ndarray,
    region_sets: np.ndarray,
    region_points: np.ndarray,
    role: np.ndarray,
    role_points: float,
    tie: np.ndarray,
    passed_out: np.ndarray,
    hits: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """`best_rows` in whole-array steps, for a catalogue too small to compile for: numpy
    scores every row at once where Python would score them one by one. The same arithmetic
    in the same order, so the same rows and the same bits."""
    text, allowed, harm_points, harm_floor, region_points, region_floor, role, hits = _in_play(
        text, allowed, harm_sets, harm_points, region_sets, region_points, role, hits, tie.size
    )
    harm = harm_points[harm_sets]
    region = region_points[region_sets]
    ok = allowed & (harm > harm_floor) & (region > region_floor)
    total = text.astype(np.float64)
    total += harm
    total += region
    total += role_points * role
    if passed_out.size:
        passed_out[:] = ok
    passing = np.flatnonzero(ok)
    rows, scores = _top(passing, total[passing], tie, k)
    return rows, scores, int(ok.sum()), int((ok & hits).sum())


# As written, but for the query's loops over postings, rows, tag sets and candidates, which
# Python would walk one at a time.
_PLAIN = types.SimpleNamespace(
    **{
        **_KERNELS,
        "text_scores": _text_scores_at_once,
        "weighted_sums": _weighted_sums_at_once,
        "best_rows": _best_rows_at_once,
        "best_matching_rows": _best_matching_rows_at_once,
        "diversified": _diversified_at_once,
        "contains": _contains_at_once,
        "points_of_sets": _points_of_sets_at_once,
    }
)
