"""Read-only queries of the cache, one module per job; import from the module itself.

people (directory, units, positions), org (the chart, seats, chains), handover (what a
job carries, digests), lead (what a lead manages), start (Start here), notify (what
deserves a notification), posts (spaces, posts, comments), who ("who handles X?"),
register (the responsibilities register), rights (who may edit what), search (FTS5),
unread (what is new in a space since a reading marker).
Every function takes the Cache of the calling thread and never writes.
"""
