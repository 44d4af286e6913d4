from pipeline.glossary import load_glossary
from pipeline.glossary.suggest import suggest_terms
from pipeline.readers import read_document
from tests.conftest import SAMPLE
from tests.glossary.test_glossary import ROOT_GLOSSARY


def test_suggestions_are_new_terms_most_frequent_first() -> None:
    texts = [s.text for s in read_document(SAMPLE).segments()]
    glossary = load_glossary(ROOT_GLOSSARY, required=True)
    candidates = suggest_terms(texts, glossary)
    names = [c.text for c in candidates]
    assert candidates and candidates == sorted(candidates, key=lambda c: -c.count)
    assert "Hauts-de-France" not in names and "friches industrielles" not in names
    assert any(c.kind.startswith("entity:") for c in candidates)
    assert any(c.kind == "phrase" and c.count >= 2 for c in candidates)
