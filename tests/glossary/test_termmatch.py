import pytest

from pipeline.glossary import load_glossary
from pipeline.glossary.termmatch import FrenchMatcher, find_german
from tests.glossary.test_glossary import ROOT_GLOSSARY


@pytest.fixture(scope="module")
def matcher() -> FrenchMatcher:
    return FrenchMatcher(load_glossary(ROOT_GLOSSARY, required=True))


FRENCH_HITS = [
    ("la gestion des friches industrielles", "friche industrielle", "friches industrielles"),
    ("les jumelages franco-allemands", "jumelage", "jumelages"),
    ("de la Région Rhénanie-du-NordWestphalie (Allemagne)", "Rhénanie-du-Nord-Westphalie",
     "Rhénanie-du-NordWestphalie"),
    ("le ministère de Rhénanie du Nord-Westphalie", "Rhénanie-du-Nord-Westphalie", "Rhénanie du Nord-Westphalie"),
    ("la rhenanie du nord westphalie", "Rhénanie-du-Nord-Westphalie", "rhenanie du nord westphalie"),
    ("Malu Dreyer, Ministre-Présidente de Rhénanie-Palatinat", "ministre-présidente", "Ministre-Présidente"),
    ("Armin Laschet, Ministre-Président de la Région", "ministre-président", "Ministre-Président"),
    ("le traité de l’Élysée franco-allemand", "traité de l'Élysée", "traité de l’Élysée"),
    ("dans le triangle régional de Weimar", "triangle de Weimar régional", "triangle régional de Weimar"),
    ("l’objectif zéro artificialisation ;", "zéro artificialisation nette", "zéro artificialisation"),
    ("à Aix-la-Chapelle.", "Aix-la-Chapelle", "Aix-la-Chapelle"),
]


@pytest.mark.parametrize(("text", "fr", "surface"), FRENCH_HITS)
def test_french_hits(matcher: FrenchMatcher, text: str, fr: str, surface: str) -> None:
    hits = matcher.match(text)
    assert [(h.term.fr, h.text) for h in hits if h.term.fr == fr] == [(fr, surface)]
    hit = next(h for h in hits if h.term.fr == fr)
    assert text[hit.start:hit.end] == surface


@pytest.mark.parametrize("text", ["le président est arrivé", "la présidente du club", "Westphalie seule"])
def test_no_partial_hits(matcher: FrenchMatcher, text: str) -> None:
    assert [h.term.fr for h in matcher.match(text)] == []


def test_longest_match_wins_without_overlap(matcher: FrenchMatcher) -> None:
    hits = matcher.match("le triangle de Weimar régional et le triangle de Weimar")
    assert [h.term.fr for h in hits] == ["triangle de Weimar régional", "triangle de Weimar"]


GERMAN_FOUND = [
    ("Weimarer Dreieck", "im Rahmen des Weimarer Dreiecks"),
    ("Regionales Weimarer Dreieck", "im Regionalen Weimarer Dreieck"),
    ("Städtepartnerschaft", "die deutsch-französischen Städtepartnerschaften"),
    ("Nordrhein-Westfalen", "die Regierung Nordrhein-Westfalens"),
    ("Nordrhein-Westfalen", "in Nordrhein Westfalen"),
    ("Industriebrache", "Die Industriebrachen werden saniert."),
    ("erneuerbare Energie", "die erneuerbaren Energien"),
    ("Europäisches Parlament", "im Europäischen Parlament"),
    ("Europäisches Parlament", "im Europaparlament"),
    ("Europäisches Parlament", "das EU-Parlament"),
    ("Europäische Union", "in der EU"),
    ("Ministerpräsident", "des Ministerpräsidenten"),
    ("Spitzenkandidat", "die Spitzenkandidatin"),
    ("Mitgliedstaat", "alle Mitgliedsstaaten"),
    ("Mitgliedstaat", "die EU-Mitgliedsstaaten"),
    ("Europawahl", "vor den EU-Wahlen"),
    ("Klimaschutz", "die Klimaschutzziele"),
    ("Élysée-Vertrag", "der Elysée-Vertrag"),
    ("München", "die Münchner Sicherheitskonferenz"),
    ("Baden-Württemberg", "die Baden-Württembergerin"),
]


@pytest.mark.parametrize(("term", "text"), GERMAN_FOUND)
def test_german_inflected_forms_are_found(term: str, text: str) -> None:
    assert find_german(term, text)


GERMAN_NOT_FOUND = [
    ("Klimaschutz", "die Klimaschützer"),
    ("Rat", "das Rathaus"),
    ("Elsass", "die Elsässer Küche"),
    ("Aachen", "Machen wir das."),
    ("Europäisches Parlament", "ein nationales Parlament"),
    ("Städtepartnerschaft", "eine Partnerschaft"),
]


@pytest.mark.parametrize(("term", "text"), GERMAN_NOT_FOUND)
def test_german_no_match_inside_unrelated_words(term: str, text: str) -> None:
    assert find_german(term, text) == []


def test_lemma_keys_are_computed_once_and_kept(monkeypatch) -> None:
    import pipeline.language.nlp as nlp
    from pipeline.glossary import Glossary, Term
    from pipeline.glossary.termmatch import FrenchMatcher

    glossary = Glossary((Term("friche industrielle", "Industriebrache", "term", (), (), "", 2),), "test", "v1")
    assert FrenchMatcher(glossary).match("Les friches industrielles du bassin minier.")
    lemmatised: list[str] = []
    real = nlp.lemmatised

    def counting(texts, *args, **kwargs):
        texts = list(texts)
        lemmatised.extend(texts)
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "lemmatised", counting)
    assert FrenchMatcher(glossary).match("Les friches industrielles du bassin minier.")
    assert "friche industrielle" not in lemmatised  # the form's lemma key came from the state database


@pytest.fixture
def termmatch():
    """The matcher module with its German lemma store and key cache started afresh."""
    import pipeline.glossary.termmatch as module

    module._german_lemmas.cache_clear()
    module.german_keys.cache_clear()
    yield module
    module.german_keys.cache_clear()


def test_german_lemmas_prefetched_by_a_worker_are_used_not_recomputed(termmatch, monkeypatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        termmatch.prefetch_german(["Die Regionen erneuern ihre Zusammenarbeit"], pool.submit)
        monkeypatch.setattr(termmatch._german_lemmas(), "compute", lambda word: pytest.fail(f"computed {word}"))
        assert "region" in termmatch.german_keys("Regionen")
        assert termmatch.find_german("Zusammenarbeit", "Die Regionen erneuern ihre Zusammenarbeit")


def test_a_failed_prefetch_only_costs_time(termmatch) -> None:
    from concurrent.futures import Future

    failed: Future[dict[str, str]] = Future()
    failed.set_exception(RuntimeError("worker died"))
    termmatch._german_lemmas().prefetch(failed)
    assert "region" in termmatch.german_keys("Regionen")
