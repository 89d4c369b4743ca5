"""Hostile submissions with their honest twins: every module here adds its list ``CATALOGUE`` of :class:`Attack`."""

from __future__ import annotations

import importlib
import pkgutil

from tests.hostile.catalogue import Attack

CATALOGUE: list[Attack] = [
    attack
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__))
    for attack in importlib.import_module(f"{__name__}.{module}").CATALOGUE
]
