"""Reads. Root selectors apply visible_to(user) and build their joins in, so callers never N+1."""
