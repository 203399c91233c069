"""Test suite (pytest, offline)."""
