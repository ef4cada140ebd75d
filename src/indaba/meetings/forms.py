from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indaba.boards.models import BoardRole
from indaba.meetings import board_templates
from indaba.meetings.models import ActionItem, AgendaItem, Presence, Session

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):  # type: ignore[type-arg]
    online_url = forms.URLField(label=_("Online meeting link"), required=False,
                                assume_scheme="https", max_length=200)

    class Meta:
        model = Session
        fields = ["title", "description", "starts_at", "ends_at", "mode", "venue", "online_url",
                  "registration_required", "capacity"]
        labels = {"title": _("Title"), "description": _("Description"), "starts_at": _("Starts"),
                  "ends_at": _("Ends"), "mode": _("Mode"), "venue": _("Venue"),
                  "registration_required": _("Registration required"),
                  "capacity": _("Capacity")}
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME,
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "mode": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class NewSessionForm(SessionForm):
    template = forms.ChoiceField(
        label=_("Board template"), initial="blank", widget=forms.RadioSelect,
        choices=board_templates.form_choices)
    allow_guests = forms.BooleanField(
        label=_("Let guests join with a display name only"), required=False, initial=True)


class AgendaItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AgendaItem
        fields = ["starts_at", "minutes", "title", "speaker"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {"starts_at": _("Time"), "minutes": _("Minutes"), "title": _("Agenda item"),
                  "speaker": _("Speaker")}


AgendaFormSet = forms.inlineformset_factory(
    Session, AgendaItem, form=AgendaItemForm, extra=3, can_delete=True)


class JoinLinkForm(forms.Form):
    role = forms.ChoiceField(label=_("Board role for people who join"), choices=BoardRole.choices,
                             initial=BoardRole.EDITOR)
    allow_guests = forms.BooleanField(label=_("Let guests join with a display name only"),
                                      required=False, initial=True)
    hours = forms.IntegerField(label=_("Valid for (hours)"), min_value=1, max_value=24 * 30,
                               required=False,
                               help_text=_("Empty = until the session ends (and a short "
                                           "grace period after it)."))
    keep_open = forms.BooleanField(
        label=_("Keep it open after the session ends, until I withdraw it"), required=False,
        help_text=_("Only when no hours are given."))


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
        labels = {"text": _("What will be done"), "owner": _("Owner"), "due": _("Due date")}
        widgets = {"due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "text": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {"owner": _("The person who will do it."), "due": _("Optional.")}
