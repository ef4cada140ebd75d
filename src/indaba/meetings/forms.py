from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indaba.boards.models import BoardRole
from indaba.meetings import board_templates
from indaba.meetings.models import ActionItem, AgendaItem, Presence, Session

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):  # type: ignore[type-arg]
    online_url = forms.URLField(label="Online meeting link", required=False,
                                assume_scheme="https", max_length=200)

    class Meta:
        model = Session
        fields = ["title", "description", "starts_at", "ends_at", "mode", "venue", "online_url",
                  "registration_required", "capacity"]
        labels = {"starts_at": "Starts", "ends_at": "Ends", "mode": "Mode"}
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME,
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "mode": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The session must end after it starts.")
        return data


class NewSessionForm(SessionForm):
    template = forms.ChoiceField(
        label="Board template", initial="blank", widget=forms.RadioSelect,
        choices=[(t.key, f"{t.name} — {t.description}") for t in board_templates.TEMPLATES])
    allow_guests = forms.BooleanField(
        label="Let guests join with a display name only", required=False, initial=True)


class AgendaItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AgendaItem
        fields = ["starts_at", "minutes", "title", "speaker"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {"starts_at": "Time", "minutes": "Minutes", "title": "Agenda item"}


AgendaFormSet = forms.inlineformset_factory(
    Session, AgendaItem, form=AgendaItemForm, extra=3, can_delete=True)


class JoinLinkForm(forms.Form):
    role = forms.ChoiceField(label="Board role for people who join", choices=BoardRole.choices,
                             initial=BoardRole.EDITOR)
    allow_guests = forms.BooleanField(label="Let guests join with a display name only",
                                      required=False, initial=True)
    hours = forms.IntegerField(label="Valid for (hours)", min_value=1, max_value=24 * 30,
                               required=False,
                               help_text="Empty = until the session ends (and a short grace "
                                         "period after it).")
    keep_open = forms.BooleanField(
        label="Keep it open after the session ends, until I withdraw it", required=False,
        help_text="Only when no hours are given.")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Join code"), max_length=20,
                           widget=forms.TextInput(attrs={
                               "autocomplete": "off", "autocapitalize": "characters",
                               "spellcheck": "false", "inputmode": "text",
                               "placeholder": _("e.g. ABC 234")}))


class JoinForm(forms.Form):
    presence = forms.ChoiceField(label=_("Where are you?"), choices=Presence.choices,
                                 widget=forms.RadioSelect)

    def __init__(self, *args: Any, guest: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if guest:
            self.fields["name"] = forms.CharField(
                label=_("Your display name"), max_length=80,
                help_text=_("Shown to others on the board. A first name is enough."),
                widget=forms.TextInput(attrs={"autocomplete": "nickname"}))
            self.order_fields(["name", "presence"])



class ActionItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due"]
        labels = {"text": "What will be done", "owner": "Owner", "due": "Due date"}
        widgets = {"due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "text": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {"owner": "The person who will do it.", "due": "Optional."}
