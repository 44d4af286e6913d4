"""Fixtures for engine tests live in tests/conftest.py (shared with the orchestration tests)."""
