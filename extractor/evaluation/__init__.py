"""Scoring against the gold set: reading gold and corpus (goldset), spec §3 scores (scoring), the CI
gate against gold/baseline.json (gate) and the HTML error report (report).

May import the top-level modules and the stages; never `store` or `batch`.
"""
