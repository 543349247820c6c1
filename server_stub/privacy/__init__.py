"""Retention and the rights of the people concerned (docs/privacy.md): old posts and
comments removed, leavers anonymised, one person's data exported or erased."""
