"""Vietnamese inspectorate news → structured cluster-report records."""

__version__ = "0.1.0"
