"""Benchmarks, run by hand (not part of the test suite); bench/scoring.py is shared with the tests."""
