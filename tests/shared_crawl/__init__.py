"""Helpers of the shared-crawl tests: a real redis-server, a small site, a small spider."""
