"""Cache schema step 5: responsibilities are found by their synonyms.

The search index of responsibilities gains a column `synonyms` between keywords and
description (the order fixes the bm25 weights in read/search.py). FTS5 cannot add a
column, so the index is made anew and filled from the stored bodies, folded by kfold()
like every other entry (write/fts.py). Bodies stored before the field existed have no
synonyms; json_extract yields NULL for them, which indexes as nothing.

A cache that synced records carrying synonyms while it ran a Kontor without the field
stored them without it (bodies are re-encoded with the known fields); those records
gain their synonyms with their next change.
"""

from __future__ import annotations

STEP_5 = """
DROP TABLE responsibility_fts;
CREATE VIRTUAL TABLE responsibility_fts USING fts5(
  title, keywords, synonyms, description,
  content='',
  tokenize='unicode61 remove_diacritics 2',
  prefix='1 2'
);
INSERT INTO responsibility_fts (rowid, title, keywords, synonyms, description)
  SELECT x.n, kfold(x.title), kfold(json_extract(x.body, '$.keywords')),
         kfold(json_extract(x.body, '$.synonyms')),
         kfold(json_extract(x.body, '$.description'))
  FROM responsibility x;
"""
