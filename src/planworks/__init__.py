"""planworks: planning and production reporting for networks of many small production units."""

__version__ = "0.1.0"
