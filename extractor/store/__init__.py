"""The figures database journalists query: records flattened into rows (rows), written to SQLite
(db), queried by `extractor query` (query), with accent-folded full-text search (searchfold).

May import the top-level modules and the stages (gazetteer, roman); never `evaluation` or `batch`.
"""
