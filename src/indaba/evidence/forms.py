"""The selection every evidence page and download is made of: a period and a split, read from
the query string (a GET form, so a selection is a link that can be shared or bookmarked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PRESETS = {"3m": (_("Last 3 months"), 91), "12m": (_("Last 12 months"), 365),
           "all": (_("All"), None)}
DEFAULT_PRESET = "12m"
SPLITS = {"": _("No split"), "presence": _("In the room / online"), "unit": _("Unit"),
          "process": _("Business process")}
# Dates outside these years are typing mistakes, not periods anyone reports on.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Selection:
    start: date | None
    end: date | None
    split: str | None  # a key of SPLITS, None for no split
    preset: str  # the preset in force, "" for dates typed by hand

    def query(self) -> str:
        """The query string that selects this again (for download links)."""
        params: dict[str, str] = {}
        if self.preset:
            params["preset"] = self.preset
        else:
            if self.start:
                params["from"] = self.start.isoformat()
            if self.end:
                params["to"] = self.end.isoformat()
        if self.split:
            params["split"] = self.split
        return urlencode(params)


class SelectionForm(forms.Form):
    preset = forms.ChoiceField(required=False, choices=[("", _("Dates below"))] + [
        (key, label) for key, (label, _) in PRESETS.items()])
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    split = forms.ChoiceField(label=_("Split by"), required=False, choices=list(SPLITS.items()))

    def __init__(self, data: dict[str, str]) -> None:
        # The query string names the dates `from` and `to` (`from` is a Python keyword).
        mapped = {"preset": data.get("preset", ""), "start": data.get("from", ""),
                  "end": data.get("to", ""), "split": data.get("split", "")}
        if not any(mapped[k] for k in ("preset", "start", "end")):
            mapped["preset"] = DEFAULT_PRESET
        super().__init__(mapped)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        for name in ("start", "end"):
            value = cleaned.get(name)
            if isinstance(value, date) and not EARLIEST <= value <= LATEST:
                self.add_error(name, gettext("Give a date between %(first)d and %(last)d.")
                               % {"first": EARLIEST.year, "last": LATEST.year})
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("end", gettext("The end of the period comes before its start."))
        return cleaned

    def selection(self) -> Selection:
        """The selection (call after is_valid()). A preset wins over typed dates."""
        preset = str(self.cleaned_data.get("preset") or "")
        split = str(self.cleaned_data.get("split") or "") or None
        if preset:
            days = PRESETS[preset][1]
            today = timezone.localdate()
            start = today - timedelta(days=days) if days is not None else None
            return Selection(start, today if days is not None else None, split, preset)
        return Selection(self.cleaned_data.get("start"), self.cleaned_data.get("end"),
                         split, "")

    @property
    def split_label(self) -> str:
        return str(SPLITS.get(str(self.data.get("split") or ""), ""))
