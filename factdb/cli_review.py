"""Reviewing commands (review queue, exports, reviews report), registered on the main `cli` group."""
from __future__ import annotations
