"""Vietnamese inspectorate news → structured cluster-report records."""

__version__ = "0.2.0"
