import pytest

from escalade.triage.text import normalise, read


def test_normalise_drops_accents_case_and_punctuation():
    assert normalise("Mot de PASSE oublié, l'ÉCRAN !") == "mot de passe oublie l ecran"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("erreur ERR_502_TIMEOUT au login", ("ERR_502_TIMEOUT",)),
        ("got err_504_gateway twice", ("ERR_504_GATEWAY",)),
        ("HTTP 503 puis error: 500", ("HTTP 503", "HTTP 500")),
        ("SQLSTATE[23505] duplicate key", ("SQLSTATE[23505",)),
        ("ORA-00942 table missing", ("ORA-00942",)),
        ("j'ai reçu 502 e-mails hier", ()),
    ],
)
def test_error_codes_are_found(text, codes):
    found = read(text).error_codes
    for code in codes:
        assert any(item.startswith(code) for item in found), found
    if not codes:
        assert found == ()


def test_a_password_error_code_is_not_a_system_error():
    reading = read("ERR_PASSWORD_INVALID à la connexion")

    assert reading.error_codes == ("ERR_PASSWORD_INVALID",)
    assert reading.system_codes == ()


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("ça marche de temps en temps", "intermittent"),
        ("it only fails sometimes", "intermittent"),
        ("depuis la mise à jour de Windows", "after_update"),
        ("since the update of Outlook", "after_update"),
        ("après un redémarrage du PC", "after_restart"),
        ("after a reboot", "after_restart"),
        ("sur un vieux navigateur", "old_client"),
        ("still on Internet Explorer", "old_client"),
        ("je vous ai déjà appelé hier", "asked_again"),
        ("tout le monde au bureau est touché", "many_users"),
        ("all users are affected", "many_users"),
    ],
)
def test_signals_are_read_in_both_languages(text, concept):
    assert read(text).has(concept)


@pytest.mark.parametrize(
    ("text", "times"),
    [("c'est la 3e fois", 3), ("troisième fois que j'appelle", 3), ("4th time", 4)],
)
def test_times_asked_is_read_from_the_text(text, times):
    assert read(text).times_asked == times


@pytest.mark.parametrize(
    "text",
    ["synchronisation", "syncronisation", "SYNCHRONISATION", "synchronization"],
)
def test_small_typos_and_case_do_not_break_a_category(text):
    assert read(f"{text} des mails").category == "sync"
