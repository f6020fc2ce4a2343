"""Bulletins: short news-style reports of a scope and period, in English and Chinese."""
