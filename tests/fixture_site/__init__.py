"""A synthetic Vietnamese news site served over real HTTP, for crawl tests and the
offline demo: ``python -m tests.fixture_site --port 8000``."""

from .content import Article, Site
from .server import FixtureServer

__all__ = ["Article", "FixtureServer", "Site"]
