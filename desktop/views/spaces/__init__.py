"""Spaces: the list of spaces with their unread counts, and one space's posts."""
