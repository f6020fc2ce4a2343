"""Dynamic screens: each unit's series against its own forecast, for every unit at once.

The model is Harrison and Stevens' multi-state linear growth model as West and Harrison
give it ("Bayesian Forecasting and Dynamic Models", 2nd ed., ch. 12): each day a series is
in one of four states, steady, outlier (a transient the series does not keep), step (a
change of level) or slope (a change of growth). It is the multi-process model of class II
with the usual collapse: the posterior after a report, a mixture of one component for each
pair (yesterday's state, today's state), is collapsed back to one component per today's
state, with the observation variance unknown and learnt (ch. 12.3).

Beside it runs the cumulative Bayes factor monitor of ch. 11, one-sided (upward), for a run
of reports each a little above forecast, such as a creeping inflation of 1% a day: the
mixture follows such a run as it goes, which is what it is built to do. The monitor
judges the run against a standard model (the steady model alone, slow to learn) and an
alternative that is a creep from the run's start, as that standard model would see it
(ch. 11.4-11.5: the cumulative Bayes factor, the run length, the intervention after a
signal). Since a run's start is unknown, candidate runs start every week, each judged on
its own, and the strongest is the monitor's verdict.

The model works on log(1 + quantity): outputs span orders of magnitude and what matters is
a relative change (x2 is as suspicious at 5 t a day as at 500); the 1 keeps a day of no
output (a breakdown) finite. A weekday effect, learnt for each unit as a running mean of
what its level leaves unexplained, is taken out first (a holiday a week would otherwise
look like noise, and the day after it like a jump). Every unit is a column of the arrays:
only days are looped over.

What the screens catch: a report far above forecast that the series does not keep
(OUTLIER), a jump of level that it keeps (STEP), an abrupt change of growth (SLOPE), and a
creep, a run of days each a little above forecast (DRIFT). Only upward changes are
flagged: a fall is breakdowns, holidays and shortages, normal life; a fall still gets its
score. What they do not catch: an inflation present from a unit's first report (the series
is learnt as it is); a creep no faster than honest seasonal swings (a unit whose output
rises 0.7% a day for a season looks like a 1% creep for weeks); a gradual change of growth
as SLOPE (the slope state sees only what the next report confirms: gradual changes are
DRIFT's); a series too smooth or copied (other checks); and anything in a unit's first
`BURN_IN` reports, which the model needs to learn the unit's level and noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from planworks.audit.panel import Check, Floats, Ints, Panel, Screen, Severity

__all__ = [
    "BURN_IN",
    "STATES",
    "DayResult",
    "DynamicState",
    "Model",
    "Outlook",
    "first_week_median",
    "forecast_paths",
    "forecast_total",
    "screen_dynamic",
    "start",
    "to_scale",
    "update",
    "verdicts",
]

Bools = npt.NDArray[np.bool_]
Levels = npt.NDArray[np.int8]

#: The four states, in the order of every axis of length 4.
STATES = ("steady", "outlier", "step", "slope")
STEADY, OUTLIER, STEP, SLOPE = range(4)

# The model's defaults. Variances are scale-free, multiples of the unit's own observation
# variance V (on the log1p scale), which each unit learns: the same numbers fit a smooth
# unit and a noisy one.

#: Prior probabilities of the states each day. Each change is taken as a 1-in-100 day: with
#: breakdowns on about 1% of honest days, outliers are no rarer than that.
PRIOR = (0.97, 0.01, 0.01, 0.01)
#: A steady day: the level wanders a little (seasons), the growth hardly at all.
LEVEL_VAR = 0.005
SLOPE_VAR = 1e-5
#: An outlier's observation variance is 100 V (sd 10 noise sds), West and Harrison's usual
#: choice: wide enough that a breakdown to zero or a x10 report is a plausible transient.
OUTLIER_VAR = 100.0
#: A step adds 16 V to the level's variance (sd 4 noise sds): a jump of 3-10 sds is likelier
#: as a step than as an outlier, a wild one of 20 sds or more is not.
STEP_VAR = 16.0
#: A change of growth of a few hundredths of a noise sd a day: enough to follow a new trend,
#: small enough that the mixture's slope does not swing with the noise.
SLOPE_CHANGE_VAR = 0.002
#: Before the first report: the level within a factor e or so, noise about 15%, worth three
#: reports, growth within about 0.3% a day.
PRIOR_LEVEL_VAR = 1.0
PRIOR_SCALE = 0.15**2
PRIOR_DOF = 3.0
PRIOR_SLOPE_VAR = 1e-5
#: Variance discount: old reports count a little less (about 100 remembered), so that a
#: unit's noise may change.
VAR_DISCOUNT = 0.99
#: Reports a unit must have made before it is screened: two weeks to learn level and noise.
BURN_IN = 14
#: The weekday effects are running means over about this many weeks.
WEEKDAY_MEMORY = 10.0

#: The drift monitor's alternative: output creeping up by 1% a day.
DRIFT_RATE = 0.01
#: Its standard model evolves slowly, so that a run of small errors moves it little: its
#: level hardly wanders, and its growth, learnt from the unit's history, changes slowly
#: (honest seasons move it by a few tenths of a percent a day over months): a creep of 1%
#: a day begun last week is mostly still missed by its forecasts, which is the evidence.
DRIFT_LEVEL_VAR = 0.0003
DRIFT_SLOPE_VAR = 1e-6
#: A candidate run starts every week and lives five weeks: a creep is judged from within a
#: week of its start, for as long as the screen promises to find it in (about 30 days).
DRIFT_EVERY = 7
DRIFT_SLOTS = 5
#: A step the mixture holds likelier than not restarts the standard model from the
#: mixture's posterior (the step is STEP's business, not a run's).
DRIFT_RESTART = 0.5
#: A day's standardised error counts at most 3 sds either way: a wild day is the outlier
#: screen's business, not evidence of a run (and days the mixture holds outliers are skipped).
DRIFT_CLIP = 3.0
#: Signals of a unit's monitor within this many days of each other add up to its evidence.
DRIFT_MEMORY = 35

# The screens' thresholds.

#: Posterior log odds (natural) of a state against the other three. A change's prior odds
#: are 1:99, so even odds already take a Bayes factor of about 100 for it: alert there (for
#: upward changes only); crisis at 100:1, where the report is all but certainly not the
#: steady series. Honest series of the kind the tests describe pass the alert on about one
#: unit-day in 10,000 for OUTLIER and for STEP.
ODDS_ALERT = 0.0
ODDS_CRISIS = float(np.log(100.0))
#: The monitor's cumulative log Bayes factor for a creep: alert at e^3 (20:1). Honest
#: series pass it on about 0.2% of unit-days where their seasons swing over half a year or
#: more, 0.3% where over a quarter: the most these screens may spend. Crisis when the
#: signals of one episode (within `DRIFT_MEMORY` days of each other) add up to e^12, which
#: takes three or four signals in a row, each after the standard model was restarted.
DRIFT_ALERT = 3.0
DRIFT_CRISIS = 12.0

_TINY = 1e-300
#: The smallest observation variance kept (a unit that repeats one figure for ever).
_MIN_SCALE = 1e-12
#: Units per block of the update: a block's temporaries stay in the processor's cache.
_BLOCK = 8192
#: A candidate run as it starts: no creep in the level yet, a day's creep in the growth,
#: no evidence.
_FRESH_RUN = (0.0, 1.0, 0.0)


@dataclass(frozen=True)
class Model:
    """The model's parameters (scale-free variances; see the module's constants for why)."""

    prior: tuple[float, float, float, float] = PRIOR
    level_var: float = LEVEL_VAR
    slope_var: float = SLOPE_VAR
    outlier_var: float = OUTLIER_VAR
    step_var: float = STEP_VAR
    slope_change_var: float = SLOPE_CHANGE_VAR
    var_discount: float = VAR_DISCOUNT
    prior_level_var: float = PRIOR_LEVEL_VAR
    prior_slope_var: float = PRIOR_SLOPE_VAR
    prior_scale: float = PRIOR_SCALE
    prior_dof: float = PRIOR_DOF
    burn_in: int = BURN_IN
    weekday_memory: float = WEEKDAY_MEMORY
    drift_rate: float = DRIFT_RATE
    drift_level_var: float = DRIFT_LEVEL_VAR
    drift_slope_var: float = DRIFT_SLOPE_VAR
    drift_every: int = DRIFT_EVERY
    drift_slots: int = DRIFT_SLOTS
    drift_restart: float = DRIFT_RESTART
    drift_clip: float = DRIFT_CLIP
    drift_signal: float = DRIFT_ALERT
    drift_memory: int = DRIFT_MEMORY

    def evolution(self) -> tuple[Floats, Floats, Floats]:
        """Level variance, growth variance and observation multiplier of each state."""
        level = np.array([self.level_var, self.level_var, self.step_var, self.level_var])
        slope = np.array([self.slope_var, self.slope_var, self.slope_var, self.slope_change_var])
        noise = np.array([1.0, self.outlier_var, 1.0, 1.0])
        return level, slope, noise


@dataclass(frozen=True)
class DynamicState:
    """What the model knows of every unit after a day; the unit is every array's last axis.

    (4, units) arrays have one row per state (`STATES`): the collapsed component of each.
    On the log1p scale with the weekday effect taken out, `level` and `slope` are the
    means of level and growth a day, `c_*` their covariances divided by the observation
    variance, `scale` the estimate of that variance with `dof` degrees of freedom.
    """

    day: int  # days run: the next day is weekday `day % 7` of the effects
    prob: Floats  # (4, units)
    level: Floats  # (4, units)
    slope: Floats  # (4, units)
    c_ll: Floats  # (4, units)
    c_ls: Floats  # (4, units)
    c_ss: Floats  # (4, units)
    scale: Floats  # (4, units)
    dof: Floats  # (units,)
    known: Bools  # (units,): the level is known (a prior, or a first report)
    count: Ints  # (units,): reports judged since the level was known
    weekday: Floats  # (7, units): each weekday's effect, summing to 0 over the week
    reference: Floats  # (5, units): the monitor's standard model: level, slope, c_ll, c_ls, c_ss
    monitor: Floats  # (slots, 3, units): each candidate run's creep not yet learnt
    # (level, growth; in days of creep) and its cumulative log Bayes factor
    drift: Floats  # (units,): the strongest run's cumulative log Bayes factor
    evidence: Floats  # (units,): the log Bayes factors of the episode's earlier signals
    quiet: Ints  # (units,): days since the monitor's last signal

    @property
    def units(self) -> int:
        return int(self.dof.shape[0])


@dataclass(frozen=True)
class DayResult:
    """One day for every unit; the unit is every array's first axis ((units, 4) by `STATES`).

    `prob` and `log_odds`: posterior probabilities of today's state, and the log odds of
    each state against the other three (exact where probabilities round to 0 or 1). A day
    without a report changes nothing but the time: its are the last reported day's.
    `back_log_odds`: the log odds of yesterday's state now that today is known (ch. 12's
    one-step-back probabilities), which tell a kept step from a transient.
    `forecast_mean`, `forecast_var`: the steady model's one-step forecast on the log1p
    scale, made before today's report, weekday included (a Student t; `forecast_var` is its
    scale squared). `error`: report minus forecast. `log_bf`: log Bayes factor of the report
    under each state against the steady state (column 0 is 0). `drift`: the monitor's
    strongest cumulative log Bayes factor, `drift_log_bf` that run's term for today, and
    `drift_total` the episode's evidence, earlier signals included. NaN (0 for Bayes
    factors) where a unit made no report it could be judged on.
    """

    prob: Floats
    log_odds: Floats
    back_log_odds: Floats
    forecast_mean: Floats
    forecast_var: Floats
    error: Floats
    log_bf: Floats
    drift_log_bf: Floats
    drift: Floats
    drift_total: Floats
    judged: Bools  # a report, and the unit's level was known before it
    watched: Bools  # judged, past the burn-in and not an outlier: counted by the monitor


@dataclass(frozen=True)
class Outlook:
    """Output over the next days: quantiles per unit (units, q), and of all units' sum (q,)."""

    quantiles: tuple[float, ...]
    unit: Floats
    total: Floats


_UNIT_FIELDS = tuple(f.name for f in fields(DynamicState) if f.name != "day")
_RESULT_FIELDS = tuple(f.name for f in fields(DayResult))


def to_scale(quantity: Floats) -> Floats:
    """The model's scale, log(1 + quantity); NaN for no report (or a negative or infinite one)."""
    q = np.asarray(quantity, dtype=np.float64)
    usable = np.isfinite(q) & (q >= 0.0)
    result: Floats = np.log1p(np.where(usable, q, 0.0))
    result[~usable] = np.nan
    return result


def start(level: Floats, model: Model | None = None) -> DynamicState:
    """A state before any report: a prior daily output per unit (NaN: unknown), vague beliefs.

    `level` is in the units of the reports (e.g. the median of a unit's first week); a unit
    whose level is NaN takes its first report as its level. The model's `prior_*` say how
    little else is known.
    """
    model = model or Model()
    y = to_scale(level)
    n = y.shape[0]
    known = np.isfinite(y)
    rows = (4, n)
    m0 = np.where(known, y, 0.0)
    c_ll = model.prior_level_var / model.prior_scale
    c_ss = model.prior_slope_var / model.prior_scale
    return DynamicState(
        day=0,
        prob=np.broadcast_to(np.asarray(model.prior)[:, None], rows).copy(),
        level=np.broadcast_to(m0, rows).copy(),
        slope=np.zeros(rows),
        c_ll=np.full(rows, c_ll),
        c_ls=np.zeros(rows),
        c_ss=np.full(rows, c_ss),
        scale=np.full(rows, model.prior_scale),
        dof=np.full(n, model.prior_dof),
        known=known,
        count=np.zeros(n, dtype=np.int64),
        weekday=np.zeros((7, n)),
        reference=np.stack([m0, np.zeros(n), np.full(n, c_ll), np.zeros(n), np.full(n, c_ss)]),
        monitor=np.broadcast_to(
            np.asarray(_FRESH_RUN)[None, :, None], (model.drift_slots, 3, n)
        ).copy(),
        drift=np.zeros(n),
        evidence=np.zeros(n),
        quiet=np.full(n, 1 << 30, dtype=np.int64),
    )


def update(
    state: DynamicState, quantity: Floats, model: Model | None = None
) -> tuple[DynamicState, DayResult]:
    """One day for every unit: today's reports in, the new state and the day's verdicts out.

    `quantity` is (units,) in the units of the reports, NaN where a unit made no report
    (then its state only moves on a day). Results are on the log1p scale.
    """
    model = model or Model()
    quantity = np.asarray(quantity, dtype=np.float64)
    n = state.units
    if quantity.shape != (n,):
        raise ValueError(f"reports of shape {quantity.shape} for {n} units")
    if n <= _BLOCK:
        return _update_block(state, quantity, model)
    # Block by block, so that each block's temporaries stay in cache: the same arithmetic
    # unit by unit, about twice as fast as on whole arrays.
    new_parts: dict[str, Any] = {}
    day_parts: dict[str, Any] = {}
    for lo in range(0, n, _BLOCK):
        units = slice(lo, min(n, lo + _BLOCK))
        block = replace(state, **{f: getattr(state, f)[..., units] for f in _UNIT_FIELDS})
        new, result = _update_block(block, quantity[units], model)
        for f in _UNIT_FIELDS:
            part = getattr(new, f)
            if f not in new_parts:
                new_parts[f] = np.empty((*part.shape[:-1], n), dtype=part.dtype)
            new_parts[f][..., units] = part
        for f in _RESULT_FIELDS:
            part = getattr(result, f)
            if f not in day_parts:
                day_parts[f] = np.empty((n, *part.shape[1:]), dtype=part.dtype)
            day_parts[f][units] = part
    return replace(new, **new_parts), replace(result, **day_parts)


def _log(x: Floats) -> Floats:
    """Natural log with 0 taken as the smallest double, so that odds saturate, not fail."""
    result: Floats = np.log(np.maximum(x, _TINY))
    return result


def _log_odds(p: Floats) -> Floats:
    """Log odds of each row of p (4, n) against the sum of the other rows."""
    others = np.empty_like(p)
    for s in range(4):
        others[s] = p[[k for k in range(4) if k != s]].sum(axis=0)
    return _log(p) - _log(others)


def _collapse(
    p: Floats, level: Floats, slope: Floats, c_ll: Floats, c_ls: Floats, c_ss: Floats, scale: Floats
) -> Floats:
    """Components (axis 0) with weights p (summing to 1) merged into one (W&H 12.3.4).

    Rows of the result: level, slope, c_ll, c_ls, c_ss, scale. 1/S = sum p/S_i; the means
    are weighted by p S/S_i; so is the spread of the means, added to the covariances.
    """
    qw = p / scale
    merged_scale = 1.0 / qw.sum(axis=0)
    m0 = (qw * level).sum(axis=0) * merged_scale
    m1 = (qw * slope).sum(axis=0) * merged_scale
    d0 = level - m0
    d1 = slope - m1
    merged_ll = (p * c_ll).sum(axis=0) + (qw * d0 * d0).sum(axis=0)
    merged_ls = (p * c_ls).sum(axis=0) + (qw * d0 * d1).sum(axis=0)
    merged_ss = (p * c_ss).sum(axis=0) + (qw * d1 * d1).sum(axis=0)
    return np.stack([m0, m1, merged_ll, merged_ls, merged_ss, merged_scale])


def _update_block(
    state: DynamicState, quantity: Floats, model: Model
) -> tuple[DynamicState, DayResult]:
    """`update` for a block of units."""
    wl, ws, k = (v[None, :, None] for v in model.evolution())
    log_prior = np.log(np.asarray(model.prior))

    y = to_scale(quantity)
    seen = np.isfinite(y)
    fresh = seen & ~state.known
    judged = seen & state.known
    weekday = state.weekday[state.day % 7]
    y0 = np.where(seen, y - weekday, 0.0)  # the report, its weekday's effect taken out

    # Today's prior from each of yesterday's components i (rows): a = G m, R = G C G'.
    slope = state.slope
    level = np.where(fresh, y0 - slope, state.level)  # a new unit's first report is its level
    a0 = level + slope
    r00 = state.c_ll + 2.0 * state.c_ls + state.c_ss
    r01 = state.c_ls + state.c_ss
    r11 = state.c_ss
    e = np.where(seen, y0 - a0, 0.0)  # (4, n): one error per yesterday's component
    s_prev = state.scale
    dof = state.dof

    # Every pair (yesterday i, today j) as arrays (4, 4, n): Q* is the forecast variance / V;
    # the forecast is Student t with `dof` degrees of freedom (its constants cancel).
    big_r00 = r00[:, None] + wl
    q_star = big_r00 + k
    inv_q = 1.0 / q_star
    e_ij = e[:, None]
    e2_q = e_ij * e_ij * inv_q
    loglik = np.log(q_star * s_prev[:, None])
    loglik *= -0.5
    loglik -= (0.5 * (dof + 1.0)) * np.log1p(e2_q / (s_prev[:, None] * dof))
    loglik *= judged
    loglik += _log(state.prob)[:, None] + log_prior[None, :, None]

    # Collapse weights per today's state, normalised over yesterday's, free of underflow.
    top = loglik.max(axis=0)
    wn = np.exp(loglik - top)
    w_sum = wn.sum(axis=0)
    wn /= w_sum
    log_c = top + np.log(w_sum)  # (4, n): log p(y, today's state), up to a constant
    log_c -= log_c.max(axis=0)
    c = np.exp(log_c)
    prob = c / c.sum(axis=0)
    back = (prob * wn).sum(axis=1)

    # Kalman update of each pair (A: the gain, zero without a report), then the collapse.
    gain0 = big_r00 * inv_q
    gain0 *= seen
    gain1 = r01[:, None] * inv_q
    gain1 *= seen
    m0 = a0[:, None] + gain0 * e_ij
    m1 = slope[:, None] + gain1 * e_ij
    one_minus = 1.0 - gain0
    c00 = big_r00 * one_minus
    c01 = r01[:, None] * one_minus
    c11 = (r11[:, None] + ws) - gain1 * r01[:, None]
    discounted = np.where(judged, model.var_discount * dof, dof)
    new_dof = discounted + judged
    e2_q *= judged
    s_new = (discounted * s_prev)[:, None] + e2_q
    s_new /= new_dof
    merged = _collapse(wn, m0, m1, c00, c01, c11, s_new)
    merged[5] = np.maximum(merged[5], _MIN_SCALE)
    # A day without a report is no evidence of a change: each component only moves on as a
    # steady day, so that the next report still tells what the last reported day was.
    if not seen.all():
        idle = np.stack([a0, slope, big_r00[:, STEADY], r01, r11 + ws[0, STEADY], s_prev])
        merged = np.where(seen, merged, idle)
        prob = np.where(seen, prob, state.prob)
        back = np.where(seen, back, state.prob)

    # The steady one-step forecast, mixed over yesterday's components.
    p = state.prob
    f = (p * a0).sum(axis=0)
    fq = (p * (s_prev * q_star[:, STEADY] + (a0 - f) ** 2)).sum(axis=0)
    learns = judged & (prob[OUTLIER] < 0.5)
    watched = learns & (state.count >= model.burn_in)
    s_now = 1.0 / (p / s_prev).sum(axis=0)
    overall = _collapse(prob, *merged)
    reference, monitor, drift, day_bf = _monitor(
        state, model, y0, seen, fresh, learns, watched, weekday, s_now
    )

    # After a step (today's, or yesterday's now that today confirms it), and after a signal
    # (W&H's intervention), the standard model starts again from the mixture's posterior,
    # which has followed the change.
    signalled = state.drift >= model.drift_signal
    stepped = np.maximum(prob[STEP], back[STEP]) >= model.drift_restart
    restart = (judged & stepped) | signalled
    reference = np.where(restart, overall[:5], reference)
    monitor[:, :, restart] = np.asarray(_FRESH_RUN)[None, :, None]
    drift = np.where(restart, 0.0, drift)
    quiet = state.quiet + 1
    carried = np.where(quiet <= model.drift_memory, state.evidence, 0.0)
    signal = drift >= model.drift_signal
    evidence = np.where(signal, carried + drift, carried)
    quiet = np.where(signal, 0, quiet)

    # The weekday effects learn from what the posterior level leaves unexplained: a running
    # mean (weight at least 1/`weekday_memory` a report), centred to sum to 0 over a week.
    weekdays = state.weekday.copy()
    rate = max(1.0 / (state.day // 7 + 2.0), 1.0 / model.weekday_memory)
    weekdays[state.day % 7] += np.where(learns, rate * (y0 - overall[0]), 0.0)
    weekdays -= weekdays.mean(axis=0)

    log_bf = (log_c - log_prior[:, None]) * judged  # p(y | j) up to a constant
    log_bf -= log_bf[STEADY]

    new_state = DynamicState(
        day=state.day + 1,
        prob=prob,
        level=merged[0],
        slope=merged[1],
        c_ll=merged[2],
        c_ls=merged[3],
        c_ss=merged[4],
        scale=merged[5],
        dof=new_dof,
        known=state.known | seen,
        count=state.count + judged,
        weekday=weekdays,
        reference=reference,
        monitor=monitor,
        drift=drift,
        evidence=evidence,
        quiet=quiet,
    )
    result = DayResult(
        prob=prob.T,
        log_odds=_log_odds(prob).T,
        back_log_odds=_log_odds(back).T,
        forecast_mean=f + weekday,
        forecast_var=fq,
        error=np.where(judged, y0 - f, np.nan),
        log_bf=log_bf.T,
        drift_log_bf=np.where(restart, 0.0, day_bf),
        drift=drift,
        drift_total=carried + np.maximum(drift, 0.0),
        judged=judged,
        watched=watched,
    )
    return new_state, result


def _monitor(
    state: DynamicState,
    model: Model,
    y0: Floats,
    seen: Bools,
    fresh: Bools,
    learns: Bools,
    watched: Bools,
    weekday: Floats,
    scale: Floats,
) -> tuple[Floats, Floats, Floats, Floats]:
    """The drift monitor's day: its standard model, candidate runs and strongest verdict.

    The standard model is a linear growth model with the mixture's noise `scale`; it skips
    what the mixture holds outliers. Under the alternative, a creep of `drift_rate` a day
    from a run's start, each forecast error is shifted by the part of the creep the
    standard model has not learnt by then; following how its own gains would learn a unit
    creep gives that part exactly (the model is linear), so the run's cumulative log Bayes
    factor is the standard model's own (W&H 11.4, with a shift that varies by day), but
    for the clipping of wild days.
    """
    ref_level, ref_slope, ref_ll, ref_ls, ref_ss = state.reference
    ref_level = np.where(fresh, y0 - ref_slope, ref_level)
    ref_a = ref_level + ref_slope
    ref_r00 = ref_ll + 2.0 * ref_ls + ref_ss + model.drift_level_var
    ref_r01 = ref_ls + ref_ss
    ref_r11 = ref_ss + model.drift_slope_var
    ref_q = ref_r00 + 1.0
    ref_sd = np.sqrt(scale * ref_q)
    ref_e = np.where(seen, y0 - ref_a, 0.0)
    gain0 = ref_r00 / ref_q * (learns | fresh)
    gain1 = ref_r01 / ref_q * (learns | fresh)
    reference = np.stack(
        [
            ref_a + gain0 * ref_e,
            ref_slope + gain1 * ref_e,
            ref_r00 * (1.0 - gain0),
            ref_r01 * (1.0 - gain0),
            ref_r11 - gain1 * ref_r01,
        ]
    )

    # Candidate runs: slot after slot starts afresh every `drift_every` days.
    monitor = state.monitor.copy()
    if state.day % model.drift_every == 0:
        slot = (state.day // model.drift_every) % monitor.shape[0]
        monitor[slot] = np.asarray(_FRESH_RUN)[:, None]
    left_level, left_slope, cumulative = monitor[:, 0], monitor[:, 1], monitor[:, 2]
    missed = left_level + left_slope  # the creep (in days of it) in today's forecast
    # On the log1p scale a relative change shrinks by q / (1 + q).
    rate = model.drift_rate * -np.expm1(-np.maximum(ref_a + weekday, 0.0))
    shift = missed * (rate / ref_sd)
    z = np.clip(ref_e / ref_sd, -model.drift_clip, model.drift_clip)
    day_bfs = (shift * z - 0.5 * shift * shift) * watched
    cumulative = cumulative + day_bfs
    monitor = np.stack([missed * (1.0 - gain0), left_slope - gain1 * missed, cumulative], axis=1)
    best = cumulative.argmax(axis=0)[None]
    drift = np.take_along_axis(cumulative, best, axis=0)[0]
    day_bf = np.take_along_axis(day_bfs, best, axis=0)[0]
    return reference, monitor, drift, day_bf


def first_week_median(quantity: Floats, days: int = 7) -> Floats:
    """Each unit's median report over its first `days` columns (NaN where it made none)."""
    head = quantity[:, :days]
    result = np.full(quantity.shape[0], np.nan)
    some = np.isfinite(head).any(axis=1)
    if some.any():
        result[some] = np.nanmedian(head[some], axis=1)
    return result


def _levels(score: Floats, alert: Bools, crisis: Bools) -> Levels:
    """Severity levels from the unit-days at alert and at crisis."""
    level = np.zeros(score.shape, dtype=np.int8)
    level[alert] = Severity.ALERT
    level[alert & crisis] = Severity.CRISIS
    return level


def screen_dynamic(panel: Panel, model: Model | None = None) -> list[Screen]:
    """OUTLIER, STEP, SLOPE and DRIFT screens of a panel: one pass of the model over its days.

    A state's score on a day is its posterior log odds given the unit's next report too
    (the one-step-back probability, which tells a kept step from a transient; the last
    report has only its own), flagged when the report was above forecast. DRIFT's score is the
    monitor's evidence for a creep (cumulative log Bayes factor, earlier signals of the
    episode included), flagged on the days the monitor signals. A unit's first `burn_in`
    reports are not judged (score NaN); its prior level is the median of its first week,
    so that a breakdown on its first day does not set it.
    """
    model = model or Model()
    quantity = np.asarray(panel.quantity, dtype=np.float64)
    n, d = panel.shape
    state = start(first_week_median(quantity), model)
    odds = np.full((3, n, d), np.nan)
    up = np.zeros((n, d), dtype=bool)
    eligible = np.zeros((n, d), dtype=bool)
    signal = np.zeros((n, d), dtype=bool)
    evidence = np.full((n, d), np.nan)
    last = np.full(n, -1)  # each unit's last day with a report
    for t in range(d):
        counted = state.count >= model.burn_in
        state, day = update(state, quantity[:, t], model)
        odds[:, :, t] = day.log_odds[:, OUTLIER:].T
        # The last reported day judged again, now that today is known.
        again = np.flatnonzero(day.judged & (last >= 0))
        odds[:, again, last[again]] = day.back_log_odds[again, OUTLIER:].T
        last[np.isfinite(to_scale(quantity[:, t]))] = t
        eligible[:, t] = day.judged & counted
        up[:, t] = day.judged & (np.nan_to_num(day.error) > 0.0)
        signal[:, t] = day.drift >= model.drift_signal
        evidence[:, t] = day.drift_total
    return verdicts(odds, eligible, up, signal, evidence)


def verdicts(
    odds: Floats, eligible: Bools, up: Bools, signal: Bools, evidence: Floats
) -> list[Screen]:
    """OUTLIER, STEP, SLOPE and DRIFT screens from the model's judgements of unit-days.

    `odds` (3, units, days): the log odds of outlier, step and slope; `eligible`: judged
    and past the burn-in; `up`: the report was above forecast; `signal`: the drift
    monitor signalled; `evidence`: its cumulative log Bayes factor for the episode.
    """
    screens = []
    for check, s in ((Check.OUTLIER, OUTLIER), (Check.STEP, STEP), (Check.SLOPE, SLOPE)):
        score = np.where(eligible, odds[s - OUTLIER], np.nan)
        finite = np.nan_to_num(score, nan=-np.inf)
        alert = eligible & up & (finite >= ODDS_ALERT)
        screens.append(Screen(check, _levels(score, alert, finite >= ODDS_CRISIS), score))
    score = np.where(eligible, evidence, np.nan)
    alert = eligible & signal
    crisis = np.nan_to_num(score, nan=-np.inf) >= DRIFT_CRISIS
    screens.append(Screen(Check.DRIFT, _levels(score, alert, crisis), score))
    return screens


def forecast_paths(
    state: DynamicState,
    days: int,
    draws: int,
    rng: np.random.Generator,
    model: Model | None = None,
) -> Floats:
    """Draws of every unit's output on each of the next `days` days: (draws, units, days).

    Draws from the posterior (the four components collapsed into one) and lets the steady
    model run on: no outliers or steps to come, the noise and weekday effects learnt so
    far, units independent of each other. A unit never reported is NaN throughout.
    """
    model = model or Model()
    m0, m1, c_ll, c_ls, c_ss, scale = _collapse(
        state.prob, state.level, state.slope, state.c_ll, state.c_ls, state.c_ss, state.scale
    )
    # Cholesky factor of the scale-free covariance (2 x 2, guarded against rounding).
    l00 = np.sqrt(np.maximum(c_ll, 0.0))
    l10 = np.divide(c_ls, l00, out=np.zeros_like(c_ls), where=l00 > 0.0)
    l11 = np.sqrt(np.maximum(c_ss - l10 * l10, 0.0))
    level_sd, slope_sd = np.sqrt(model.level_var), np.sqrt(model.slope_var)
    shape = (draws, state.units)
    # Precision ~ Gamma(dof/2, rate dof S/2); everything else in its units (1/sqrt).
    sd = 1.0 / np.sqrt(rng.gamma(state.dof / 2.0, 2.0 / (state.dof * scale), size=shape))
    z0 = rng.standard_normal(shape)
    z1 = rng.standard_normal(shape)
    level = m0 + sd * l00 * z0
    slope = m1 + sd * (l10 * z0 + l11 * z1)
    out = np.empty((draws, state.units, days))
    for ahead in range(days):
        level = level + slope + sd * level_sd * rng.standard_normal(shape)
        slope = slope + sd * slope_sd * rng.standard_normal(shape)
        y = level + state.weekday[(state.day + ahead) % 7]
        y = y + sd * rng.standard_normal(shape)
        # Output is never negative; e^700 keeps a wild draw finite.
        out[:, :, ahead] = np.maximum(np.expm1(np.minimum(y, 700.0)), 0.0)
    out[:, ~state.known, :] = np.nan
    return out


def forecast_total(
    state: DynamicState,
    days: int,
    draws: int,
    rng: np.random.Generator,
    model: Model | None = None,
    quantiles: Sequence[float] = (0.1, 0.5, 0.9),
) -> Outlook:
    """Quantiles of each unit's output, and of all units' sum, over the next `days` days.

    The draws of `forecast_paths`, summed over the days; a unit never reported is NaN
    and left out of the sum. Works through the units in blocks, so that memory stays near
    2**22 draws.
    """
    n = state.units
    probs = np.asarray(quantiles, dtype=np.float64)
    unit = np.full((n, probs.shape[0]), np.nan)
    total = np.zeros(draws)
    block = max(1, 2**22 // max(draws * max(days, 1), 1))
    for lo in range(0, n, block):
        units = slice(lo, min(n, lo + block))
        part = replace(state, **{f: getattr(state, f)[..., units] for f in _UNIT_FIELDS})
        out = forecast_paths(part, days, draws, rng, model).sum(axis=2)
        known = part.known
        if known.any():
            unit[lo + np.flatnonzero(known)] = np.quantile(out[:, known], probs, axis=0).T
            total += out[:, known].sum(axis=1)
    return Outlook(tuple(float(v) for v in probs), unit, np.quantile(total, probs))
