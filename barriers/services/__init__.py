"""Writes. Every function is one use case: atomic, permission-checked, with history user and reason.

Views, admin actions and GraphQL mutations call these; nothing else saves domain models.
"""
