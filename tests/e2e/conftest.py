"""The browser tests use the pages' replay and users (tests/web/conftest.py)."""

from tests.web.conftest import cheap_hashing, hebei

__all__ = ["cheap_hashing", "hebei"]
