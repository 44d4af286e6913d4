"""The glossary family: glossary.csv loaded and validated (glossary.py), terms found in French and
German (termmatch.py), translations checked and safely repaired (termcheck.py), exports for DeepL,
CAT tools and OmegaT (export.py), TBX v3 and v2 both ways (tbx.py), terms from other tools merged into
glossary.csv (imports.py), and candidate terms the glossary lacks (suggest.py)."""

from pipeline.glossary.glossary import Glossary, Term, load_glossary, parse_glossary

__all__ = ["Glossary", "Term", "load_glossary", "parse_glossary"]
