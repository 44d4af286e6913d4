"""FR→DE press-release pipeline: parse, glossary, translate, review, render."""

__version__ = "0.1.0"
