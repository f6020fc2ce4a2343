"""The REST API (and the app that also serves the pages): `create_app`."""

from planworks.api.app import create_app

__all__ = ["create_app"]
