"""Everything that changes the cache: applying feed pages, the outbox, search upkeep, state.

apply (a page and its cursor in one transaction), outbox (writes waiting for the
server), fts (the search index kept current), state (cursor, account, device token).
Only the sync worker's writer connection calls into these.
"""
