"""sitegen: a static site generator for podcast transcript archives."""

__version__ = "0.1.0"
