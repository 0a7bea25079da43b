"""References for the positional-encoding sections of chapter 03."""
from __future__ import annotations

__all__: list[str] = []
