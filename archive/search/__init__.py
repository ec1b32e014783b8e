"""Search over the archive: one folded copy, one query language, two databases.

- normalise (archive.normalise): the folding shared by the index and queries;
- index: writing the search copy (SearchEntry rows);
- query: the reader's query language, parsed once for both databases;
- postgres / sqlite: the full-text match for each database;
- engine: ranked, grouped, visible results in a fixed number of queries;
- snippets: the reader's words marked in the text as published;
- groups: result groups other apps add (actors, annotations).
"""
