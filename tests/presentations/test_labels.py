import pytest

from presentations.labels import kind_label, level_label, minutes_label


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("bof", "BoF"),
        ("lightningtalk", "Lightning talk"),
        ("maintrack", "Main track"),
        ("devroom", "Devroom talk"),
        ("sponsor-tutorial", "Sponsor tutorial"),
        ("talk", "Talk"),
        ("open_space", "Open space"),
    ],
)
def test_kind_label_is_words(kind, words):
    assert kind_label(kind) == words


@pytest.mark.parametrize(
    ("level", "words"), [("novice", "Novice"), ("Intermediate", "Intermediate"), ("1", "Novice"), ("all", "Everyone")]
)
def test_level_label_is_words(level, words):
    assert level_label(level) == words


def test_minutes_label():
    assert [minutes_label(m) for m in (None, 45, 60, 90)] == ["", "45 min", "1 h", "1 h 30 min"]
