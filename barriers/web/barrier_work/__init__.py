"""Barrier work in the tracker's own pages: the actions on /barriers/<reference>/ and /barriers/new/."""
