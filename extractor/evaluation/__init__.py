"""Scoring against the gold set: reading gold and corpus (goldset), spec §3 scores (scoring), the CI
gate against gold/baseline.json (gate), the HTML error report (report), the generalisation probes: the
gold articles rewritten with other provinces, years and styles (probe), and the training of the figures
tie-breaker on the gold, with its article-grouped cross-validation (train).

May import the top-level modules and the stages; never `store` or `batch`.
"""
