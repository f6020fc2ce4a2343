"""Hard checks: reports that cannot be true, output that does not count, figures copied.

Each check is a function of a `Panel` that returns a `Screen` (see `planworks.audit.panel`),
computed for all units at once; the statistical checks (peer growth, smoothness, round
figures, bunching at the plan, first digits) are in `planworks.audit.patterns`, and
`screen_all` runs both kinds.

What these checks catch:

- CAPACITY: a day's output above what the unit can make (its nameplate capacity, or its
  demonstrated output where that is higher), or a week's mean well above its best month.
- IMPOSSIBLE: a day's output above what the best unit of its kind makes (`kind_max`): the
  counties of 1958 that claimed more pig iron a day than any furnace could make.
- UNUSABLE: output below the product's minimum grade counted as output (of ~11 Mt of steel
  reported in 1958 only ~8 Mt was usable): flagged when it is a material share of a
  unit's output over two weeks.
- REPEATED: the same figure day after day (`repeated`), and a unit's fortnight of figures
  equal to another unit's, or an exact multiple of them (`copied`: windows of day-to-day
  ratios hashed and counted, so 400,000 units cost no more than sorting their hashes).

What they do not catch: inflation that stays within capacity (the patterns and the
Harrison-Stevens model in `planworks.audit.dynamic` look at that), unusable output passed
off with a false grade, a copy that is altered (rounded differently, shifted by a day,
scaled and then rounded) or lasts under 14 days, and a figure repeated by a unit so
small that its figures can only take a few values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import numpy as np
import numpy.typing as npt

from planworks.audit.panel import Check, Floats, Ints, Panel, Screen, Severity
from planworks.audit.windows import (
    Groups,
    cumulative,
    days_first,
    resolution,
    trailing_count,
    trailing_sum,
    unit_slices,
)

__all__ = [
    "capacity",
    "copied",
    "impossible",
    "repeated",
    "screen_all",
    "unusable",
    "usable_quantity",
]

Bools = npt.NDArray[np.bool_]

# Capacity. A nameplate is a nominal rating: a well-run small furnace beats it by a few
# percent, and a day's weighing at a small unit is good to about 5%, so an alert needs 10%
# over it. Twice the nameplate cannot be made by the same equipment in a day. Demonstrated
# capacity is a month's mean, not a limit: single days scatter around it by the unit's
# day-to-day variation (8-15% at small furnaces), so a single day needs 1.5 times it (over
# 2.7 sd at 15%) and a week's mean 1.2 times it (over 3 sd of a 7-day mean at 15%). Three
# times the best month ever shown is as implausible as twice the nameplate.
OVER_NAMEPLATE = 1.10
OVER_DEMONSTRATED_DAY = 1.5
OVER_DEMONSTRATED_WEEK = 1.2
CRISIS_NAMEPLATE = 2.0
CRISIS_DEMONSTRATED = 3.0
WEEK = 7
#: Days of a week that must be reported for its mean to be judged.
MIN_WEEK_DAYS = 4

# Unusable output. Honest units have bad days (about 5% of output below the minimum grade
# at small furnaces), so single days prove nothing. Over 14 days 40% of the output below
# grade needs five or six bad days, which an honest unit with 5% bad days has with
# probability about 1e-4, while a unit counting mostly unusable output is over it nearly
# every fortnight. (20% over 7 days would be two bad days of seven: 4% of honest weeks.)
UNUSABLE_WINDOW = 14
UNUSABLE_SHARE = 0.4
UNUSABLE_MIN_DAYS = 5

# Repeated figures. Five equal non-zero figures in seven days is (for a unit whose figures
# have at least 50 steps of the reporting resolution, e.g. 5.0 t at one decimal place)
# far beyond the chance that independent days agree: at 8% day-to-day variation a figure
# of 5.0 spreads over +-4 steps and two days agree about 7% of the time. Smaller figures
# can only take a few values and are not judged.
REPEAT_WINDOW = 7
REPEAT_TIMES = 5
REPEAT_MIN_STEPS = 50

# Copies. Two weeks of figures agreeing exactly (or as exact multiples: the same day-to-day
# ratios) in 13 ratios, at least 8 of them changes, do not happen by chance; a window with
# fewer changes (a unit that repeats itself, or reports zeros) is left to `repeated`.
COPY_WINDOW = 14
COPY_MIN_CHANGES = 8
#: Ratios are compared to nine decimal places: exact multiples agree far closer than
#: that, honest units (reporting to a decimal place) never do.
_RATIO_SCALE = 1e9
#: Tokens for day pairs without a ratio (missing, zero) sit above any ratio token (ratios
#: are capped at 1e9, so their tokens at 1e18).
_NO_RATIO = 1 << 62
_HASH_BASE = 0x9E3779B97F4A7C15  # odd: its powers are distinct modulo 2**64


def capacity(panel: Panel) -> Screen:
    """Output above the unit's capacity: nameplate, or demonstrated where that is higher.

    Alert: a day above 1.1 times the nameplate or 1.5 times the demonstrated capacity, or
    a week's mean (at least 4 days reported) above 1.1 times the nameplate or 1.2 times
    the demonstrated capacity. Crisis: a day above twice the nameplate or three times the
    demonstrated capacity. The larger of the two limits applies: a unit that has shown it
    beats its nameplate is held to what it has shown, and one that has not yet shown its
    nameplate may still reach it. Score: the day's output over the larger of nameplate and
    demonstrated capacity (NaN where neither is known).
    """
    q = panel.quantity
    n, d = panel.shape
    nameplate = np.where(panel.capacity > 0, panel.capacity, np.nan)
    shown = np.full(n, np.nan) if panel.demonstrated is None else panel.demonstrated
    shown = np.where(shown > 0, shown, np.nan)
    reference = np.fmax(nameplate, shown)  # fmax: NaN only where both are unknown
    alert_day = np.fmax(OVER_NAMEPLATE * nameplate, OVER_DEMONSTRATED_DAY * shown)
    crisis_day = np.fmax(CRISIS_NAMEPLATE * nameplate, CRISIS_DEMONSTRATED * shown)
    week_limit = np.fmax(OVER_NAMEPLATE * nameplate, OVER_DEMONSTRATED_WEEK * shown)
    level = np.empty(panel.shape, dtype=np.int8)
    score = np.empty(panel.shape)
    for sl in unit_slices(n, d):
        part = days_first(q, sl)
        alert = part > alert_day[sl]  # NaN compares False: unknown limits never flag
        # A week's mean only adds to the daily rule against a demonstrated capacity (a
        # mean over the nameplate has a day over it); it is cheap enough to do for all.
        if d >= WEEK:
            reported = np.isfinite(part)
            total = trailing_sum(np.where(reported, part, 0.0), WEEK)
            days = trailing_count(reported, WEEK)
            over = total > week_limit[sl] * days
            alert[WEEK - 1 :] |= over & (days >= MIN_WEEK_DAYS)
        lv = alert.view(np.int8)
        lv += part > crisis_day[sl]
        level[sl] = lv.T
        score[sl] = (part / reference[sl]).T
    return Screen(Check.CAPACITY, level, score)


def impossible(panel: Panel) -> Screen:
    """Output above what the best unit of its kind makes in a day (`kind_max`): crisis.

    Score: the day's output over `kind_max`. All normal (score NaN) without `kind_max`.
    """
    if panel.kind_max is None:
        return Screen.empty(Check.IMPOSSIBLE, panel.shape)
    most = np.where(panel.kind_max > 0, panel.kind_max, np.nan)
    q = panel.quantity
    over = q > most[:, None]
    level = over.view(np.int8)
    level *= Severity.CRISIS
    return Screen(Check.IMPOSSIBLE, level, q / most[:, None])


def usable_quantity(panel: Panel) -> Floats:
    """Output that counts: reported at or above the minimum grade (NaN: no report).

    Without a minimum grade all output is usable. With one, output without a grade is not
    usable: it has not shown that it is.
    """
    q = panel.quantity
    if panel.min_grade is None:
        return q.copy()
    zero_or_nan = np.where(np.isnan(q), np.nan, 0.0)
    if panel.grade is None:
        return zero_or_nan
    usable: Floats = np.where(panel.grade >= panel.min_grade, q, zero_or_nan)
    return usable


def unusable(panel: Panel) -> Screen:
    """Output below the minimum grade counted as output, as a share of a unit's output.

    Alert on the last day of a 14-day run with at least 5 reports in which more than 40%
    of the unit's output is unusable (below the minimum grade, or without a grade).
    Score: the day's unusable quantity (NaN: no report). All normal where the product
    has no minimum grade or the panel carries no grades.
    """
    if panel.min_grade is None or panel.grade is None:
        return Screen.empty(Check.UNUSABLE, panel.shape)
    q, grade, least = panel.quantity, panel.grade, panel.min_grade
    n, d = panel.shape
    w = UNUSABLE_WINDOW
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.empty(panel.shape)
    for sl in unit_slices(n, d):
        part = days_first(q, sl)
        good = days_first(grade, sl) >= least  # NaN (no grade) compares False
        bad = np.where(good, 0.0, part)  # NaN stays NaN where nothing was reported
        score[sl] = bad.T
        if d >= w:
            reported = np.isfinite(part)
            bad[~reported] = 0.0
            total = trailing_sum(np.where(reported, part, 0.0), w)
            days = trailing_count(reported, w)
            over = trailing_sum(bad, w) > UNUSABLE_SHARE * total
            level[sl, w - 1 :] = (over & (days >= UNUSABLE_MIN_DAYS) & (total > 0)).T
    return Screen(Check.UNUSABLE, level, score)


def repeated(panel: Panel, *, step: float | None = None) -> Screen:
    """The same non-zero figure on 5 or more of the 7 days ending at a day: alert.

    Judged on the last day of the run (the day the figure last appears in it), and only
    for figures of 50 or more reporting steps (`step`: the panel's resolution, found from
    its figures when not given). Score: the number of days of the window with that day's
    figure (NaN where not judged).
    """
    q = panel.quantity
    step = resolution(q) if step is None else step
    level = np.empty(panel.shape, dtype=np.int8)
    score = np.empty(panel.shape)
    for sl in unit_slices(*panel.shape):
        part = days_first(q, sl)
        judged = part >= REPEAT_MIN_STEPS * step
        same = judged.astype(np.int8)
        for lag in range(1, REPEAT_WINDOW):
            same[lag:] += part[lag:] == part[:-lag]
        level[sl] = ((same >= REPEAT_TIMES) & judged).T
        score[sl] = np.where(judged, same, np.nan).T
    return Screen(Check.REPEATED, level, score)


def _tokens(q: Floats) -> tuple[npt.NDArray[np.int64], Bools]:
    """Each unit's day-to-day steps (days first) as integers, and which change the figure.

    A step between two positive figures is their ratio to nine decimal places (the same
    for a series and any exact multiple of it); any other step is a code for the two
    days' states (missing, zero or negative, positive).
    """
    positive = q > 0
    both = positive[1:] & positive[:-1]
    ratio = np.divide(q[1:], q[:-1], out=np.zeros(both.shape), where=both)
    np.minimum(ratio, _RATIO_SCALE, out=ratio)  # keeps the scaled ratio an int64
    ratio *= _RATIO_SCALE
    tokens = np.rint(ratio, out=ratio).astype(np.int64)
    days, units = np.nonzero(~both)
    if days.size:
        state = np.where(positive, 2, np.where(np.isnan(q), 0, 1))
        tokens[days, units] = _NO_RATIO + 3 * state[days, units] + state[days + 1, units]
    changes = both & (q[1:] != q[:-1])
    return tokens, changes


def _weights(steps: int) -> npt.NDArray[np.uint64]:
    """BASE**t modulo 2**64 for t = 0..steps-1, as a column (one weight per day)."""
    weights = np.empty(steps, dtype=np.uint64)
    w = 1
    for t in range(steps):
        weights[t] = w
        w = (w * _HASH_BASE) % (1 << 64)
    return weights[:, None]


def _agreeing(hashes: npt.NDArray[np.uint32], among: Ints) -> Ints:
    """The units of `among` whose hash another unit of `among` shares.

    Two rounds of counting by 20 of the 32 bits (a million counters) leave the few units
    whose bits agree with another's, by chance or by copying; only those are sorted.
    Sorting all 400,000 hashes of a day would cost several times more.
    """
    h = hashes[among]
    for shift in (12, 0):
        bits = (h >> np.uint32(shift)) & np.uint32(0xFFFFF)
        shared = np.bincount(bits, minlength=1 << 20)[bits] >= 2
        among, h = among[shared], h[shared]
    order = np.argsort(h, kind="stable")
    sorted_h = h[order]
    pair = sorted_h[1:] == sorted_h[:-1]
    hit = np.zeros(h.size, dtype=np.bool_)
    hit[1:] |= pair
    hit[:-1] |= pair
    result: Ints = np.sort(among[order[hit]])
    return result


def copied(panel: Panel) -> Screen:
    """A unit's 14 days of figures equal to another unit's, or an exact multiple of them.

    Any two units of the panel are compared (a copy from another region is as false as one
    from a neighbour): on each day, every unit's window of 14 days ending there, as its 13
    day-to-day ratios (to nine decimal places; missing and zero days as themselves).
    Windows with fewer than 8 changes of figure are left to `repeated`. Both units of a
    pair are marked (alert) on each day their windows agree: the check cannot tell the
    copy from the original. Score: how many units share the window (1 where none does,
    NaN where not judged). Equal windows are found by hashing (counting hashes, not
    comparing pairs of units), then confirmed step by step.
    """
    q = panel.quantity
    n, d = panel.shape
    w = COPY_WINDOW
    if d < w:
        return Screen.empty(Check.REPEATED, panel.shape)
    length, m = w - 1, d - w + 1
    weights = _weights(d - 1)
    # Each window's hash is a polynomial in its steps, step t weighted by BASE**t; two
    # units' windows ending on the same day have the same weights, so equal windows have
    # equal hashes. 32 bits of it are kept per unit and day, and agreements found below.
    high = np.empty((m, n), dtype=np.uint32)
    judged = np.empty((m, n), dtype=np.bool_)
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.empty(panel.shape)
    score[:, : w - 1] = np.nan
    for sl in unit_slices(n, d):
        tokens, changes = _tokens(days_first(q, sl))
        prefix = cumulative(tokens.view(np.uint64) * weights, np.uint64)  # wraps mod 2**64
        hashes = prefix[length - 1 :].copy()
        hashes[1:] -= prefix[: d - 1 - length]
        ok = trailing_count(changes, length) >= COPY_MIN_CHANGES
        judged[:, sl] = ok
        high[:, sl] = hashes >> np.uint64(32)
        score[sl, w - 1 :] = np.where(ok, 1.0, np.nan).T
    day_list, cand_list = [], []
    for k in range(m):
        units = _agreeing(high[k], np.flatnonzero(judged[k]))
        day_list.append(np.full(units.size, k, dtype=np.int64))
        cand_list.append(units)
    day, cand = np.concatenate(day_list), np.concatenate(cand_list)
    if cand.size:
        # Confirm: the windows' steps themselves must agree, not only 32 bits of a hash.
        rows, back = np.unique(cand, return_inverse=True)
        tokens, _ = _tokens(days_first(q, rows))
        steps = tokens[day[:, None] + np.arange(length)[None, :], back[:, None]]
        _, inverse, counts = np.unique(
            np.concatenate((day[:, None], steps), axis=1),
            axis=0,
            return_inverse=True,
            return_counts=True,
        )
        shared = counts[inverse.ravel()]
        copy = shared >= 2
        level[cand[copy], day[copy] + w - 1] = Severity.ALERT
        score[cand[copy], day[copy] + w - 1] = shared[copy]
    return Screen(Check.REPEATED, level, score)


def _judged_from(
    check: Callable[[Panel], Screen], panel: Panel, since: int, lookback: int
) -> Screen:
    """`check` on the days from `since` on, reading only the `lookback` days before them.

    The check runs on the panel's last days (a view, no copy); days before `since` come
    back normal with NaN scores.
    """
    first = max(0, since - lookback)
    if since <= 0:
        return check(panel)
    grade = None if panel.grade is None else panel.grade[:, first:]
    part = check(replace(panel, quantity=panel.quantity[:, first:], grade=grade))
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.full(panel.shape, np.nan)
    level[:, since:] = part.level[:, since - first :]
    score[:, since:] = part.score[:, since - first :]
    return Screen(part.check, level, score)


def screen_all(panel: Panel, *, step: float | None = None, since: int = 0) -> list[Screen]:
    """Every check of this module and of `planworks.audit.patterns` the panel's data allow.

    Left out: IMPOSSIBLE without `kind_max`, UNUSABLE without a minimum grade and grades,
    BUNCHING without targets. REPEATED comes twice: the same figure repeated, then copies.
    The peer groups and the reporting step are worked out once for all checks.

    `since` is the first day judged (0: all). A daily audit of the last 30 days judges
    only the newest (since = days - 1): the checks of runs of days then read only the days
    their windows need, and days before `since` come back normal with NaN scores. The
    round-figure check then takes its groups' reporting steps from those days alone;
    bunching and first digits are judged on the last day over the whole panel either way.
    """
    from planworks.audit import patterns  # patterns does not import this module

    groups = Groups.of(panel.group)
    step = resolution(panel.quantity) if step is None else step
    since = since % panel.shape[1] if panel.shape[1] else 0
    runs: list[tuple[Callable[[Panel], Screen], int]] = [(capacity, WEEK - 1)]
    if panel.kind_max is not None:
        runs.append((impossible, 0))
    if panel.min_grade is not None and panel.grade is not None:
        runs.append((unusable, UNUSABLE_WINDOW - 1))
    runs += [
        (partial(patterns.peer, groups=groups), 2 * patterns.HB_WEEK - 1),
        (partial(patterns.smooth, groups=groups), patterns.SMOOTH_WINDOW - 1),
        (partial(repeated, step=step), REPEAT_WINDOW - 1),
        (copied, COPY_WINDOW - 1),
        (
            partial(patterns.round_figures, step=step, groups=groups),
            patterns.ROUND_WINDOW - 1,
        ),
    ]
    screens = [_judged_from(check, panel, since, lookback) for check, lookback in runs]
    if panel.target is not None:
        screens.append(patterns.bunching(panel, groups=groups))
    screens.append(patterns.benford(panel, groups=groups))
    return screens
