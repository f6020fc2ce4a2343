"""Integrity checks on reports: what cannot be true, what is unlikely, what is usable.

Pure functions over panels of daily reports (NumPy); the store and the services feed
them. See `planworks.audit.panel` for the shapes every check shares.
"""

from planworks.audit.panel import Check, Panel, Screen, Severity

__all__ = ["Check", "Panel", "Screen", "Severity"]
