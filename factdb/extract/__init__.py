"""Extractors: pure functions from an Article to dataclasses with spans, one module per kind."""
