"""Escalade: a tiered support desk (N1, N2, N3) built on Django."""

__version__ = "0.1.0"
