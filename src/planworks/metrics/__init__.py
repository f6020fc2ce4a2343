"""Metrics: fulfilment, growth, records, quality and rollups, as pure array functions."""

from planworks.metrics.fulfilment import Progress, comparable_days, growth_pct, plan_progress
from planworks.metrics.quality import Quality, quality
from planworks.metrics.records import first_day_over, record_days
from planworks.metrics.rollup import rollup

__all__ = [
    "Progress",
    "Quality",
    "comparable_days",
    "first_day_over",
    "growth_pct",
    "plan_progress",
    "quality",
    "record_days",
    "rollup",
]
