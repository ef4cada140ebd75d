"""The evidence report in the reader's language: the dashboard, the PDF and the notes
under its tables in isiZulu and Afrikaans, with the language's number and date formats;
people's own words (the community's name, units, stories) exactly as typed."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from tests.evidence.conftest import Scenario

MARCH = "from=2026-03-01&to=2026-03-31"
# What the English report prints; none of it may be left in a translated one.
ENGLISH = ("Evidence of value", "Sessions held", "Immediate value", "Attendance by session",
           "What was suppressed and why", "Value-creation stories", "Hours saved", "Page 1 of",
           "01 Mar 2026", "Knowledge pipeline", "Reuse over time", "Participation rate",
           "Shown as", "counts of fewer than", "It covers")

EXPECTED = {
    "zu": ("Ubufakazi bokubaluleka: Procurement CoP",
           "Ukubaluleka okusheshayo: imisebenzi nokuxhumana", "Imihlangano ebanjiwe",
           "Ukuba khona ngomhlangano", "Okufihliwe nokuthi kungani", "Ikhasi 1 kwangu-",
           "12,5", "3 000,00", "01 Mas 2026 kuya ku-31 Mas 2026", "Kuboniswa njengo-"),
    "af": ("Bewys van waarde: Procurement CoP",
           "Onmiddellike waarde: aktiwiteite en interaksies", "Sessies gehou",
           "Bywoning per sessie", "Wat onderdruk is en waarom", "Bladsy 1 van",
           "12,5", "3 000,00", "01 Mrt 2026 tot 31 Mrt 2026", "Gewys as"),
}
PDF_ONLY = {"zu": EXPECTED["zu"][:1] + EXPECTED["zu"][4:6],
            "af": EXPECTED["af"][:1] + EXPECTED["af"][4:6]}


def reader(scenario: Scenario, language: str) -> Client:
    client = Client()
    client.force_login(scenario.users["exec"])
    client.cookies["django_language"] = language  # what the footer's switcher sets
    return client


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("language", ["zu", "af"])
def test_the_pdf_is_in_the_language_of_the_person_who_asks(scenario: Scenario,
                                                            language: str) -> None:
    slug = scenario.community.slug
    response = reader(scenario, language).get(
        f"/communities/{slug}/evidence/report.pdf?{MARCH}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    text = flat(" ".join(page.extract_text() or ""
                         for page in PdfReader(io.BytesIO(response.content)).pages))
    for words in EXPECTED[language]:
        assert words in text, (language, words)
    for words in ENGLISH:
        assert words not in text, (language, words)
    assert "Applied it in our team" in text or "Used the checklist;" in text  # as typed


@pytest.mark.parametrize("language", ["zu", "af"])
def test_the_dashboard_is_in_the_language_of_the_person_who_asks(scenario: Scenario,
                                                                  language: str) -> None:
    slug = scenario.community.slug
    page = reader(scenario, language).get(f"/communities/{slug}/evidence/?{MARCH}")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(rf'<html lang="{language}"', html)
    text = flat(re.sub(r"<[^>]+>", " ", html))
    for words in EXPECTED[language]:
        if words in PDF_ONLY[language]:
            continue  # the page's heading, footer and notes' heading differ from the PDF's
        assert words in text, (language, words)
    for words in ENGLISH:
        if words != "Page 1 of":
            assert words not in text, (language, words)


@pytest.mark.parametrize(("language", "first"), [
    ("zu", "Ubufakazi bokubaluleka okwakhiwe ngu-Procurement CoP"),
    ("af", "Bewys van die waarde geskep deur Procurement CoP"),
    ("en", "Evidence of the value created by Procurement CoP"),
])
def test_the_csv_names_the_report_in_the_readers_language(scenario: Scenario, language: str,
                                                          first: str) -> None:
    import csv

    slug = scenario.community.slug
    response = reader(scenario, language).get(
        f"/communities/{slug}/evidence/report.csv?{MARCH}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["field", "value"]  # field names stay English: they are for programs
    assert rows[1] == ["report", first]
