"""Statistical checks: reports unlike a unit's peers or unlike figures that were measured.

Each check is a function of a `Panel` that returns a `Screen` (see `planworks.audit.panel`)
and judges all units at once; a check of a run of days marks the run's last day.

- PEER (`peer`): growth unlike the peers'. The Hidiroglou-Berthelot test (Hidiroglou, M. A.
  and Berthelot, J.-M., 1986, "Statistical editing and imputation for periodic business
  surveys", Survey Methodology 12(1)) on each unit's ratio of its last 7 days' mean output
  to the 7 days before, within its peer group, every day. Catches a unit whose claims jump
  while its peers' do not; not a unit that inflates from the start (it has no jump), nor a
  whole group that inflates together (the group is the yardstick).
- SMOOTH (`smooth`): a series with day-to-day changes far smaller than its peers' and than
  any small furnace's (invented figures vary 1-2% a day, measured ones 8-15%). Not an
  invented series given made-up noise of the right size, nor one so small that its
  reporting step is itself a change of 5% or more (1.4 t reported to 0.1 t).
- ROUND (`round_figures`): more figures that are multiples of 10, 5 or 1 than the unit's
  reporting step and spread allow (a binomial tail). The step is the group's: a unit
  reporting whole tonnes among peers reporting tenths is flagged even if it always did
  (a phantom unit never had a usual step of its own). Catches figures written down
  rather than weighed; not round figures at a unit whose peers all report round figures,
  nor invented figures given a decimal.
- BUNCHING (`bunching`): fulfilment heaped just above 100% across a group or the panel (a
  binomial test of the bin [100%, 102%) against its neighbours, after McCrary's density
  discontinuity idea), and single units whose running total tracks the pro-rata plan line
  within 1% every day. Not a unit tuned to the plan among many honest ones in a group
  that shows no heap.
- BENFORD (`benford`): first digits unlike Benford's law, by Nigrini's mean absolute
  deviation (Nigrini, M. J., 2012, "Benford's Law", Wiley: first digits conform closely
  below 0.006, acceptably below 0.012, marginally up to 0.015, not above) together with a
  chi-square test. Applies only to large groups whose units' outputs span two orders of
  magnitude; see `benford` for why it rarely applies to daily reports of small units.
"""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt
from scipy import stats

from planworks.audit.panel import Check, Floats, Panel, Screen, Severity
from planworks.audit.windows import (
    Groups,
    cumulative,
    days_first,
    resolution,
    trailing_count,
    trailing_extreme,
    trailing_sum,
    unit_slices,
)

__all__ = ["benford", "bunching", "peer", "round_figures", "smooth"]

Bools = npt.NDArray[np.bool_]

#: Groups with fewer units judged on a day are not a yardstick: their quartiles are two
#: or three units' values.
MIN_PEERS = 10

# Hidiroglou-Berthelot. The size exponent U is usually 0.5 for business surveys, where
# large firms' relative changes are steadier than small ones'. Small furnaces of one
# group vary alike in relative terms whatever their size, and with U = 0.5 the largest
# units of a group were outliers on ordinary weeks (sizes within a group span a factor
# of 50); U = 0.25 still weighs a large unit's jump more. A = 0.05 keeps a group whose
# units all moved alike from calling small differences outliers. C = 10 keeps honest
# units' alerts near 0.1% of unit-days in simulation (C = 7: 0.2%, C = 5: 0.9%); at
# C = 10 a unit whose output doubles while its peers' holds is called within a week 97%
# of the time, one whose output rises 60% two times in three, 30% one time in six.
HB_WEEK = 7
HB_U = 0.25  # computed as two square roots
HB_A = 0.05
HB_C = 10.0
#: Days of each week that must be reported for its mean to be compared.
HB_MIN_DAYS = 5

# Smoothness. Over 20 day-to-day changes, the standard deviation of log changes of a unit
# with 8% day-to-day noise is about 0.11 and falls below 0.05 with probability about 1e-4;
# invented series varying 1-2% a day sit at 0.014-0.03.
SMOOTH_WINDOW = 21
SMOOTH_MIN_CHANGES = 14
SMOOTH_FLOOR = 0.05
SMOOTH_OF_PEERS = 0.3

# Round figures. A unit's non-zero figures over 21 days; alpha is small because every
# unit is tested every day for three kinds of round figure.
ROUND_WINDOW = 21
ROUND_MIN_FIGURES = 10
ROUND_ALPHA = 1e-5
#: Tails below this are kept as the score; larger ones are not worth computing.
ROUND_SCORED = 1e-3
ROUND_STEPS = (10.0, 5.0, 1.0)
#: A group (or unit) reports to a round step by convention when half its figures are on it.
ROUND_CONVENTION = 0.5

# Bunching at the plan. Fulfilment bins 2 points wide; the heap must be significant and
# also at least half again as dense as its neighbours (with hundreds of thousands of units
# a trivial slope of the density would be significant).
BIN = 0.02
GROUP_ALPHA = 1e-3
POOL_ALPHA = 1e-4
MIN_HEAP = 5
#: Units with targets a group needs to be judged on its own; smaller groups are pooled.
BUNCH_GROUP = 30
HEAP_EXCESS = 1.5
TRACK_FROM = 7
TRACK_MIN_DAYS = 14
TRACK_WITHIN = 0.01

# Benford (first digits). Nigrini's nonconformity bound for the MAD; the chi-square keeps
# small groups' sampling noise from being called nonconformity.
BENFORD_P = np.log10(1 + 1 / np.arange(1, 10))
BENFORD_MAD = 0.015
BENFORD_ALPHA = 1e-3
#: Units, not figures, are the independent draws (a unit's figures share their first
#: digits), and the MAD's sampling noise is about 0.24 / sqrt(units): 0.014 at 300.
BENFORD_MIN_UNITS = 300
#: Decades between the 1st and 99th percentiles of the units' mean outputs.
BENFORD_SPAN = 2.0


def _groups(panel: Panel, groups: Groups | None) -> Groups:
    """The panel's groups, indexed unless the caller already has them."""
    return Groups.of(panel.group) if groups is None else groups


def _weekly_ratio(q: Floats, w: int) -> tuple[Floats, Floats]:
    """Last week's over the week before's trimmed mean, and the larger of the two means.

    Days first; rows are days 2w-1 onward; NaN where either week has fewer than
    HB_MIN_DAYS reports or the week before made nothing. Each week's least and greatest
    days are left out: a breakdown the week before (1% of days at small furnaces) would
    otherwise look like growth, and a one-day spike is the time-series model's to judge.
    """
    reported = np.isfinite(q)
    total = trailing_sum(np.where(reported, q, 0.0), w)
    total -= np.nan_to_num(trailing_extreme(q, w, np.fmin))
    total -= np.nan_to_num(trailing_extreme(q, w, np.fmax))
    days = trailing_count(reported, w)
    mean = total / np.maximum(days - 2, 1)
    y, x = mean[w:], mean[:-w]
    ok = (days[w:] >= HB_MIN_DAYS) & (days[:-w] >= HB_MIN_DAYS) & (x > 0)
    ratio = np.divide(y, x, out=np.full(y.shape, np.nan), where=ok)
    # With one or two reports a week's trimmed total is negative or zero: no size.
    return ratio, np.maximum(np.maximum(x, y), 0.0)


def peer(panel: Panel, *, groups: Groups | None = None) -> Screen:
    """Growth unlike the peers': the Hidiroglou-Berthelot test, upward outliers only.

    Each day, for each unit with at least 5 reports in each of the last two weeks: the
    ratio r of the last week's mean to the week before's (each leaving out its least and
    greatest day), centred on the group's median ratio (s = r/med - 1 above it, 1 - med/r
    below), times the unit's size (the larger of the two means) to the power U = 0.25.
    A unit is an outlier when this E is above the group's median E by more than C = 10
    times the larger of the distance from the median to the upper quartile and 0.05
    times the median's magnitude. Groups with fewer than 10 units judged that day are
    not judged. Only upward outliers are alerts: inflation shows as claims rising faster
    than the peers', while a fall is a breakdown or a shortage that plan monitoring
    reports anyway (and a unit that stops inflating falls only after it rose). Score:
    (E - median) / upper spread, the number C is compared with (NaN where not judged).
    """
    q = panel.quantity
    n, d = panel.shape
    w = HB_WEEK
    if d < 2 * w:
        return Screen.empty(Check.PEER, panel.shape)
    groups = _groups(panel, groups)
    first = 2 * w - 1
    ratio = np.empty((d - first, n))
    effect = np.empty((d - first, n))  # the size factor, then E
    for sl in unit_slices(n, d):
        ratio[:, sl], size = _weekly_ratio(days_first(q, sl), w)
        effect[:, sl] = np.sqrt(np.sqrt(size))  # size ** HB_U, several times faster
    median = groups.quantiles(ratio, (0.5,), MIN_PEERS)[0]
    for sl in unit_slices(n, d):
        r, med = ratio[:, sl], median[:, groups.index[sl]]
        ok = np.isfinite(r) & (med > 0)  # NaN median (too few peers) compares False
        # A unit that made nothing has r = 0 and an unbounded s; it is floored (a fall is
        # never an alert) to keep the quartiles finite.
        r = np.where(ok, np.maximum(r, 1e-3 * med), 1.0)
        med = np.where(ok, med, 1.0)
        s = np.where(r < med, 1 - med / r, r / med - 1)
        effect[:, sl] = np.where(ok, s * effect[:, sl], np.nan)
    quartiles = groups.quantiles(effect, (0.5, 0.75), MIN_PEERS)
    centre = quartiles[0]
    spread = np.fmax(quartiles[1] - centre, HB_A * np.abs(centre))
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.empty(panel.shape)
    score[:, :first] = np.nan
    for sl in unit_slices(n, d):
        idx = groups.index[sl]
        stat = np.divide(
            effect[:, sl] - centre[:, idx],
            spread[:, idx],
            out=np.full((d - first, idx.size), np.nan),
            where=spread[:, idx] > 0,
        )
        score[sl, first:] = stat.T
        level[sl, first:] = (stat > HB_C).T
    return Screen(Check.PEER, level, score)


def _change_spread(q: Floats, w: int) -> Floats:
    """Standard deviation of day-to-day log changes over the w days ending at each day.

    Days first; rows are days w-1 onward; NaN where fewer than SMOOTH_MIN_CHANGES
    changes between positive figures fall in the window.
    """
    positive = q > 0
    logs = np.log(np.where(positive, q, 1.0))
    both = positive[1:] & positive[:-1]
    change = np.where(both, logs[1:] - logs[:-1], 0.0)
    k = trailing_count(both, w - 1)
    s1 = trailing_sum(change, w - 1)
    s2 = trailing_sum(change * change, w - 1)
    kf = np.maximum(k, 2).astype(np.float64)
    var = np.maximum((s2 - s1 * s1 / kf) / (kf - 1), 0.0)
    return np.where(k >= SMOOTH_MIN_CHANGES, np.sqrt(var), np.nan)


def smooth(panel: Panel, *, groups: Groups | None = None) -> Screen:
    """A series too smooth: day-to-day changes far smaller than the peers' and than 5%.

    The statistic is the standard deviation of the day-to-day log changes (about the
    coefficient of variation of the day-to-day ratios) over the 21 days ending at each
    day, from at least 14 changes between positive figures. Alert when it is below 0.05
    and below 0.3 times the median of the unit's group that day. Units without a group
    of at least 10 judged units are not judged (a steady large plant on its own is not
    suspect). Score: the statistic (NaN where too few changes).
    """
    q = panel.quantity
    n, d = panel.shape
    w = SMOOTH_WINDOW
    if d < w:
        return Screen.empty(Check.SMOOTH, panel.shape)
    groups = _groups(panel, groups)
    spread = np.empty((d - w + 1, n))
    for sl in unit_slices(n, d):
        spread[:, sl] = _change_spread(days_first(q, sl), w)
    median = groups.quantiles(spread, (0.5,), MIN_PEERS)[0]
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.empty(panel.shape)
    score[:, : w - 1] = np.nan
    for sl in unit_slices(n, d):
        sd = spread[:, sl]
        score[sl, w - 1 :] = sd.T
        alert = (sd < SMOOTH_FLOOR) & (sd < SMOOTH_OF_PEERS * median[:, groups.index[sl]])
        level[sl, w - 1 :] = alert.T
    return Screen(Check.SMOOTH, level, score)


def _on_steps(q: Floats) -> tuple[Bools, list[Bools]]:
    """Non-zero figures, and for each of ROUND_STEPS the figures that are multiples of it.

    Figures are compared exactly, as reported: a whole number parsed from a report is
    exact in binary, and so is its remainder on division by 5 or 10.
    """
    nonzero = np.isfinite(q) & (q != 0)
    whole = nonzero & (q == np.rint(q))
    at = np.nonzero(whole)  # about a tenth of the figures at one decimal place
    values = q[at]
    on = []
    for r in ROUND_STEPS:
        if r == 1.0:
            on.append(whole)
            continue
        mask = np.zeros(q.shape, dtype=np.bool_)
        hit = np.fmod(values, r) == 0
        mask[at[0][hit], at[1][hit]] = True
        on.append(mask)
    return nonzero, on


def _conventions(shares: Floats, groups: Groups, step: float) -> Floats:
    """Each unit's reporting step: the coarsest round step half its group's figures are on.

    `shares` (ROUND_STEPS x units) are each unit's shares of its figures on each step
    over the panel; a group's share is the median of its units'. A unit of no group is
    its own convention. Units whose figures are mostly off all the round steps report
    to `step`.
    """
    by_unit = groups.quantiles(shares, (0.5,), 1)[0][:, groups.index]
    by_unit = np.where(np.isnan(by_unit), shares, by_unit)
    convention = np.full(shares.shape[1], step)
    for k in np.argsort(ROUND_STEPS):  # finest first: coarser ones override
        convention = np.where(by_unit[k] >= ROUND_CONVENTION, ROUND_STEPS[k], convention)
    return convention


@functools.cache
def _critical_counts(figures: int, alpha: float) -> npt.NDArray[np.int16]:
    """For n = 0..figures and p0 on a grid of 0.01, the least k with P(X >= k) < alpha.

    P(X >= k) grows with p0, so the count needed at p0 is at least the count needed at
    the grid point below it: a count short of that cannot be significant and its exact
    tail need not be computed. figures + 1 where no count is enough.
    """
    n = np.arange(figures + 1)[:, None, None]
    p = np.linspace(0.0, 1.0, 101)[None, :, None]
    k = np.arange(figures + 2)[None, None, :]
    significant = np.asarray(stats.binom.sf(k - 1, n, p) < alpha)  # (n, p, k)
    first = np.where(significant.any(axis=2), significant.argmax(axis=2), figures + 1)
    result: npt.NDArray[np.int16] = first.astype(np.int16)
    return result


def round_figures(
    panel: Panel, *, step: float | None = None, groups: Groups | None = None
) -> Screen:
    """Too many round figures (multiples of 10, 5 or 1) for the unit's step and spread.

    Over the 21 days ending at each day (at least 10 non-zero figures), for each round
    step R coarser than the unit's reporting step s (`step`, the panel's resolution found
    from its figures when not given, or the round step its group reports to by
    convention): the count k of figures on R is tested against the share
    p0 = s * (1/R + 1/(sigma * sqrt(2 pi))), sigma the standard deviation of the unit's
    figures in the window. This bounds the share on R of figures reported to s from any
    unimodal spread (1/R of them for a wide spread: one in 100 is a multiple of 10 at one
    decimal place; more when the figures crowd round one multiple). Alert when the
    binomial tail P(X >= k) is below 1e-5. Score: the smallest tail over the steps where
    it is below 1e-3, else 1 (NaN where not judged).
    """
    q = panel.quantity
    n, d = panel.shape
    w = ROUND_WINDOW
    if d < w:
        return Screen.empty(Check.ROUND, panel.shape)
    groups = _groups(panel, groups)
    step = resolution(q) if step is None else step
    critical = _critical_counts(w, ROUND_SCORED)
    # Days first, for the whole panel: the figures that count and those on each step.
    nonzero = np.empty((d, n), dtype=np.bool_)
    on = [np.empty((d, n), dtype=np.bool_) for _ in ROUND_STEPS]
    shares = np.empty((len(ROUND_STEPS), n))
    for sl in unit_slices(n, d):
        nonzero[:, sl], masks = _on_steps(days_first(q, sl))
        figures = np.maximum(nonzero[:, sl].sum(axis=0), 1)
        for k, mask in enumerate(masks):
            on[k][:, sl] = mask
            shares[k, sl] = mask.sum(axis=0) / figures
    convention = _conventions(shares, groups, step)
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.empty(panel.shape)
    score[:, : w - 1] = np.nan
    for sl in unit_slices(n, d):
        part = days_first(q, sl)
        figures = trailing_count(nonzero[:, sl], w)
        values = np.where(nonzero[:, sl], part, 0.0)
        nf = np.maximum(figures, 2).astype(np.float64)
        # Figures beyond 1e154 overflow their squares; their sigma is NaN, their p0 1.
        with np.errstate(over="ignore", invalid="ignore"):
            s1 = trailing_sum(values, w)
            s2 = trailing_sum(values * values, w)
            sigma = np.sqrt(np.maximum((s2 - s1 * s1 / nf) / (nf - 1), 0.0))
        crowd = np.divide(
            1.0, sigma * np.sqrt(2 * np.pi), out=np.full(sigma.shape, np.inf), where=sigma > 0
        )
        judged = figures >= ROUND_MIN_FIGURES
        best = np.where(judged, 1.0, np.nan)
        unit_step = convention[sl]
        for k, r in enumerate(ROUND_STEPS):
            tested = r > 1.5 * unit_step
            if not tested.any():
                continue
            count = trailing_count(on[k][:, sl], w)
            at = np.nonzero(judged & tested & (count >= 3))  # fewer can never be significant
            p0 = np.minimum(1.0, unit_step[at[1]] * (1.0 / r + crowd[at]))
            grid = np.maximum(np.floor(p0 * 100 - 1e-9), 0).astype(np.int64)  # the point below
            k_at, n_at = count[at], figures[at]
            cand = k_at >= critical[n_at, grid]
            if cand.any():
                tail = stats.binom.sf(k_at[cand] - 1, n_at[cand], p0[cand])
                kept = (at[0][cand], at[1][cand])
                best[kept] = np.fmin(best[kept], np.where(tail < ROUND_SCORED, tail, 1.0))
        score[sl, w - 1 :] = best.T
        level[sl, w - 1 :] = (best < ROUND_ALPHA).T
    return Screen(Check.ROUND, level, score)


def _heaped(heap: Floats, near: Floats, alpha: float) -> Bools:
    """Whether heap counts exceed a smooth density's: binomial against the two neighbours.

    Under a density that is linear across the three bins the heap holds a third of the
    three bins' units; it must also be HEAP_EXCESS times the neighbours' mean.
    """
    total = heap + near
    tail = stats.binom.sf(heap - 1, np.maximum(total, 1), 1 / 3)
    result: Bools = (heap >= MIN_HEAP) & (heap > HEAP_EXCESS * near / 2) & (tail < alpha)
    return result


def bunching(panel: Panel, *, day: int = -1, groups: Groups | None = None) -> Screen:
    """Fulfilment heaped just above 100%, or a running total that tracks the plan line.

    Judged on one day (`day`, default the panel's last) for units with a target: the
    fulfilment to date is the cumulative output over the pro-rata target (the target
    times the share of the panel's days elapsed). A single unit's fulfilment of 101% is
    no evidence, so the heap is judged across units: the units in [100%, 102%) against
    those in [98%, 100%) and [102%, 104%), in each group of at least 30 units with
    targets (alert at p < 1e-3), and over all other units together (groups too small to
    judge alone, and units of no group: p < 1e-4). Where a group or that pool heaps, its
    units in [100%, 102%) are alerts. (Pooling every unit of the panel instead would,
    once a few groups heap, mark every honest unit that happens to be in the bin: 5% of
    them at plans within +-15%.)
    A unit is also an alert when its running total stays within 1% of the plan line on
    every day from the 8th to the day judged (at least 14 such days). Score: fulfilment
    to date (1.0 is 100%) on the day judged, NaN elsewhere.
    """
    if panel.target is None:
        return Screen.empty(Check.BUNCHING, panel.shape)
    groups = _groups(panel, groups)
    n, d = panel.shape
    j = day % d
    target = np.where(panel.target > 0, panel.target, np.nan)
    elapsed = (np.arange(1, j + 2) / d)[:, None]
    track = j + 1 - TRACK_FROM >= TRACK_MIN_DAYS
    fulfilment = np.full(n, np.nan)
    tracking = np.zeros(n, dtype=np.bool_)
    for sl in unit_slices(n, j + 1):
        part = days_first(panel.quantity[:, : j + 1], sl)
        ratio = cumulative(np.where(np.isfinite(part), part, 0.0), np.float64)
        ratio /= target[sl] * elapsed  # NaN columns: no target
        fulfilment[sl] = ratio[-1]
        if track:
            tracking[sl] = np.abs(ratio[TRACK_FROM:] - 1.0).max(axis=0) <= TRACK_WITHIN
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.full(panel.shape, np.nan)
    rows = np.flatnonzero(np.isfinite(fulfilment))
    if rows.size == 0:
        return Screen(Check.BUNCHING, level, score)
    f = fulfilment[rows]
    bins = np.floor((f - 1.0) / BIN + 1e-9)  # 0: [100%, 102%)
    heap = bins == 0
    near = (bins == -1) | (bins == 1)
    index = groups.index[rows]
    judged = np.bincount(index, minlength=groups.count + 1) >= BUNCH_GROUP
    judged[groups.count] = False  # units of no group go to the pool
    pooled = ~judged[index]
    index = np.where(pooled, groups.count, index)  # the pool takes the last row
    by_group_heap = np.bincount(index[heap], minlength=groups.count + 1).astype(np.float64)
    by_group_near = np.bincount(index[near], minlength=groups.count + 1).astype(np.float64)
    heaped = _heaped(by_group_heap, by_group_near, GROUP_ALPHA)
    heaped[groups.count] = _heaped(by_group_heap[-1:], by_group_near[-1:], POOL_ALPHA)[0]
    alert = (heap & heaped[index]) | tracking[rows]
    level[rows, j] = alert
    score[rows, j] = f
    return Screen(Check.BUNCHING, level, score)


def _first_digits(values: Floats) -> npt.NDArray[np.int64]:
    """First significant digits (1-9) of positive values."""
    mantissa = values / 10.0 ** np.floor(np.log10(values))
    # log10 can land a hair below an exact power of ten: 1000 -> 99.999.. / 100.
    digits = np.floor(mantissa * (1 + 1e-12)).astype(np.int64)
    result: npt.NDArray[np.int64] = np.clip(digits, 1, 9)
    return result


def benford(panel: Panel, *, groups: Groups | None = None) -> Screen:
    """First digits of a group's figures unlike Benford's law: the group's units alert.

    Judged on the panel's last day over all its days, per peer group, and only where the
    law can apply: figures that span two orders of magnitude (Benford's law describes
    figures of many sizes, not figures of one size, and daily outputs of one unit, or of
    units of one size, are of one size) and at least 300 units with figures. Each unit
    counts once, with its share of figures per digit (a unit's figures mostly share
    their first digit, so figures are not independent draws; units are). The group
    nonconforms when the mean absolute deviation of its digit shares from Benford's is
    above Nigrini's 0.015 and the chi-square test (units as the sample, 8 degrees of
    freedom) has p < 1e-3. Groups of small units rarely qualify (a group of 50 furnaces
    is too few draws); then the screen is all normal with NaN scores. Score: the group's
    MAD on the last day for units of groups where the test applies.
    """
    q = panel.quantity
    n, d = panel.shape
    groups = _groups(panel, groups)
    level = np.zeros(panel.shape, dtype=np.int8)
    score = np.full(panel.shape, np.nan)
    positive = q > 0
    has = positive.any(axis=1)
    units = np.bincount(groups.index[has], minlength=groups.count + 1)
    big = units >= BENFORD_MIN_UNITS
    big[groups.count] = False
    if not big.any():
        return Screen(Check.BENFORD, level, score)
    candidates = np.flatnonzero(big[groups.index] & has)
    sub = q[candidates]
    sub_pos = positive[candidates]
    mean = np.where(sub_pos, sub, 0.0).sum(axis=1) / sub_pos.sum(axis=1)
    logs = np.full((1, n), np.nan)
    logs[0, candidates] = np.log10(mean)
    ends = groups.quantiles(logs, (0.01, 0.99), BENFORD_MIN_UNITS)
    span = ends[1, 0] - ends[0, 0]
    applies = big & (span >= BENFORD_SPAN)  # NaN span compares False
    keep = applies[groups.index[candidates]]
    candidates, sub, sub_pos = candidates[keep], sub[keep], sub_pos[keep]
    if candidates.size == 0:
        return Screen(Check.BENFORD, level, score)
    r, c = np.nonzero(sub_pos)
    digits = _first_digits(sub[r, c])
    counts = np.bincount(r * 9 + digits - 1, minlength=candidates.size * 9).reshape(-1, 9)
    shares = counts / counts.sum(axis=1, keepdims=True)
    index = groups.index[candidates]
    observed = np.stack(
        [np.bincount(index, weights=shares[:, k], minlength=groups.count + 1) for k in range(9)],
        axis=1,
    )
    drawn = np.maximum(units, 1)[:, None]
    p = observed / drawn
    mad = np.abs(p - BENFORD_P).mean(axis=1)
    chi2 = (units * ((p - BENFORD_P) ** 2 / BENFORD_P).sum(axis=1)).astype(np.float64)
    pval = stats.chi2.sf(chi2, 8)
    nonconform = applies & (mad > BENFORD_MAD) & (pval < BENFORD_ALPHA)
    level[candidates, d - 1] = np.where(nonconform[index], Severity.ALERT, Severity.NORMAL)
    score[candidates, d - 1] = mad[index]
    return Screen(Check.BENFORD, level, score)
