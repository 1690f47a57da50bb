"""Coordinators' settings on the site (not the admin): where each category's complaints go, and
the closure days that complaint deadlines skip."""
