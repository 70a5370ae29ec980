"""Bridges to other tools researchers use, built on the pipeline's output; not pipeline stages.

- `spacy_component`: the spaCy pipeline component `thanhtra_extractor` (registered through spaCy's
  `spacy_factories` entry point, so installing the package is enough for `nlp.add_pipe`);
- `labelstudio`: Label Studio tasks (the extractor's output as predictions, gold as annotations), the
  matching labelling config, and a Label Studio export back into gold files.

May import the top level (`extractor.__version__`, api, pipeline, models, vocab, patterns, article),
`extractor.evaluation.goldset` (reading gold and corpus), `extractor.stages.gazetteer` (province names)
and each other; never the store, batch, commands or cli (`tests/test_layout.py` checks).
"""
