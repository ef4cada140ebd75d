"""Dates and numbers in the page's language: Django's formats for af are completed and
isiZulu's supplied by indaba.web.formats, with month and day names from the catalogues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from indaba.web import calendar_names

WHEN = dt.datetime(2026, 12, 1, 14, 30)


def render(code: str, source: str, **context: object) -> str:
    with translation.override(code):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(("code", "expected"), [
    ("en", "Tuesday 1 December 2026, 14:30"),
    ("zu", "ULwesibili 1 Disemba 2026, 14:30"),
    ("af", "Dinsdag 1 Desember 2026, 14:30"),
])
def test_long_dates_use_the_language_names(code: str, expected: str) -> None:
    assert render(code, '{{ when|date:"l j F Y, H:i" }}', when=WHEN) == expected


@pytest.mark.parametrize(("code", "expected"), [("zu", "1 Disemba 2026"),
                                                ("af", "1 Desember 2026")])
def test_the_default_date_format_is_day_month_year(code: str, expected: str) -> None:
    assert render(code, "{{ when|date }}", when=WHEN.date()) == expected


@pytest.mark.parametrize("code", ["zu", "af"])
def test_numbers_use_a_decimal_comma(code: str) -> None:
    with translation.override(code):
        assert formats.number_format(1234.5, 1, use_l10n=True,
                                     force_grouping=True) == "1\xa0234,5"


def test_short_weekday_and_month_names_come_from_the_catalogue() -> None:
    assert render("zu", '{{ when|date:"D j M" }}', when=WHEN) == "Bil 1 Dis"
    with translation.override("zu"):
        assert [str(name) for name in calendar_names.MONTHS[:3]] == [
            "Januwari", "Februwari", "Mashi"]
