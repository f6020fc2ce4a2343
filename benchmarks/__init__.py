"""Reproducible performance runs (`make bench`, or `python -m benchmarks --help`)."""
