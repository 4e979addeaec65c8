import pytest

from presentations.search import fold, search_text_of


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Jovanović", "jovanovic"),
        ("Łukasz Langa", "lukasz langa"),
        ("Ærø  Øst", "aero ost"),
        ("STRASSE straße", "strasse strasse"),
        ("ﬁne", "fine"),
        ("  many\n spaces ", "many spaces"),
    ],
)
def test_fold_drops_accents_and_case(text, folded):
    assert fold(text) == folded


def test_search_text_holds_title_speakers_and_description():
    assert search_text_of(title="Émile", speakers=["Zoë", "Ana"], description="Ça va") == "emile zoe, ana ca va"
