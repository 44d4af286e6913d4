from pipeline.language.collation import french_order


def test_french_dictionary_order() -> None:
    words = ["zéro artificialisation", "énergie", "Élysée", "eau", "Aix-la-Chapelle", "école"]
    assert sorted(words, key=french_order) == ["Aix-la-Chapelle", "eau", "école", "Élysée", "énergie",
                                               "zéro artificialisation"]
