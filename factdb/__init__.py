"""factdb: a claim and quote fact-tracking database for news articles."""

__version__ = "0.1.0"
