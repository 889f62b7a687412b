"""The Jinja2 partials (config/jinja2.py): their texts reach the catalogue through makemessages
and read in Japanese."""

from __future__ import annotations

from pathlib import Path

from django.template import engines
from django.utils import translation
from django.utils.translation.template import templatize

import osteoload

JINJA2_DIR = Path(osteoload.__file__).parent / "jinja2"
TEMPLATES = sorted(JINJA2_DIR.rglob("*.html"))
# Texts that read the same in Japanese.
SAME_IN_JAPANESE = {"RIR"}


def _messages(path: Path) -> list[str]:
    env = engines["jinja2"].env
    found = [message for _line, _function, message in env.extract_translations(path.read_text())]
    assert all(isinstance(m, str) for m in found), "plurals belong in Python (see dose)"
    return found


def test_there_are_jinja2_partials_with_texts():
    assert TEMPLATES
    assert any(_messages(path) for path in TEMPLATES)


def test_makemessages_reads_every_text_of_a_jinja2_partial():
    """makemessages reads .html files as Django templates: `_("…")` at the start of `{{ }}` is
    what it recognises, so each text must be written that way."""
    for path in TEMPLATES:
        source = path.read_text()
        extracted = templatize(source, origin=str(path))
        for message in _messages(path):
            assert f"_({message!r})" in extracted or f'_("{message}")' in extracted, (
                f"{path.name}: {message!r} would not reach the catalogue"
            )


def test_every_text_of_a_jinja2_partial_reads_in_japanese():
    for path in TEMPLATES:
        for message in _messages(path):
            with translation.override("ja"):
                japanese = translation.gettext(message)
            if message not in SAME_IN_JAPANESE:
                assert japanese != message, f"{path.name}: {message!r} has no Japanese"
