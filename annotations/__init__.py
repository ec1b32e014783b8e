"""Annotations: the core at this level, and one package per wing (reading, editing, opendata, curation).

The core (models, anchoring, validation, services, cues, roles, permissions, the W3C shape,
history, search entries, re-anchoring) imports no wing; the wings import the core and each
other only through the seams named in pyproject.toml's import contracts.
"""
