"""The pipeline's stages, one job each, in the order `extractor.pipeline` runs them: clean, segment,
numbers, legal, provinces (with gazetteer), cluster, officials (with ner, an opt-in second opinion),
figures (with cues and parts), event, period.

A stage imports only `extractor.article`, `extractor.models`, `extractor.patterns`, `extractor.vocab`
and other stages; never `store`, `evaluation` or `batch` (tests/test_layout.py reads the imports).
"""
