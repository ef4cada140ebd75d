"""Forms for knowledge items, review comments, lesson actions, reuse and a community's
knowledge settings. Every text is bounded and says which field is too long or empty."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from indaba.communities.models import Community
from indaba.knowledge.models import (
    COMMENT_MAX,
    LIST_ITEM_MAX,
    LIST_MAX,
    ActionStatus,
    KnowledgeItem,
    KnowledgeSettings,
    LessonAction,
    Reuse,
    clean_text,
)
from indaba.knowledge.permissions import settings_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _split(raw: str, label: str, separator: str = ",") -> list[str]:
    values = [clean_text(v) for v in raw.split(separator)]
    values = list(dict.fromkeys(v for v in values if v))
    if len(values) > LIST_MAX:
        raise forms.ValidationError(
            gettext_now("At most %(most)d %(what)s (%(given)d given).")
            % {"most": LIST_MAX, "what": label, "given": len(values)})
    for value in values:
        if len(value) > LIST_ITEM_MAX:
            raise forms.ValidationError(
                gettext_now("Each of the %(what)s is at most %(most)d characters "
                            "(“%(start)s…” has %(length)d).")
                % {"what": label, "most": LIST_ITEM_MAX, "start": value[:20],
                   "length": len(value)})
    return values


class ListField(forms.CharField):
    """A comma-separated list of short strings, stored as a JSON list."""

    def __init__(self, *args: Any, what: Any = None, **kwargs: Any) -> None:
        self.what = what if what is not None else _("values")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", LIST_MAX * (LIST_ITEM_MAX + 2))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        return _split(text or "", str(self.what))


class ItemForm(forms.ModelForm):  # type: ignore[type-arg]
    processes = forms.MultipleChoiceField(
        label=_("Business processes"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The community's list of business processes (its lead keeps it)."))
    units = ListField(label=_("Units it applies to"), what=_("units"),
                      help_text=_("Separate with commas."))
    tags = ListField(label=_("Tags"), what=_("tags"), help_text=_("Separate with commas."))

    class Meta:
        model = KnowledgeItem
        fields = ["title", "kind", "summary", "driving_event", "lesson", "recommendation",
                  "intended", "happened", "why_different", "sustain_improve", "processes",
                  "units", "tags", "sources", "owner", "review_by"]
        widgets = {"review_by": DATE, **{name: forms.Textarea(attrs={"rows": 3}) for name in (
            "summary", "driving_event", "lesson", "recommendation", "intended", "happened",
            "why_different", "sustain_improve", "sources")}}
        # Labels here rather than as model verbose names: translating them needs no migration.
        labels = {"title": _("Title"), "kind": _("Kind"), "summary": _("Summary"),
                  "driving_event": _("Driving event"), "lesson": _("Lesson"),
                  "recommendation": _("Recommendation"), "intended": _("What was intended"),
                  "happened": _("What happened"), "why_different": _("Why it differed"),
                  "sustain_improve": _("What to sustain or improve"),
                  "sources": _("Sources and evidence"), "owner": _("Owner"),
                  "review_by": _("Review by")}
        error_messages = {"title": {"required": _("A title is required.")}}
        help_texts = {"driving_event": _("Lessons learned: what happened that taught this."),
                      "intended": _("After-action reviews: the four questions.")}

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = list(settings_for(community).processes or [])
        current = list(self.instance.processes or []) if self.instance.pk else []
        processes = self.fields["processes"]
        assert isinstance(processes, forms.MultipleChoiceField)
        processes.choices = [(p, p) for p in dict.fromkeys(known + current)]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = get_user_model()._default_manager.filter(
            memberships__community=community).order_by("username")

    def clean_title(self) -> str:
        title = clean_text(self.cleaned_data.get("title") or "")
        if not title:
            raise forms.ValidationError(gettext_now("A title is required."))
        return title


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    processes = forms.CharField(
        label=_("Business processes"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}), max_length=LIST_MAX * 2 * (LIST_ITEM_MAX + 1),
        help_text=_("One per line; items name the processes they affect."))
    approvals_needed = forms.IntegerField(min_value=1, max_value=5, initial=1,
                                          label=_("Approvals needed to publish"))

    class Meta:
        model = KnowledgeSettings
        fields = ["processes", "approvals_needed", "other_unit_reviewer", "members_only"]
        labels = {"other_unit_reviewer": _("Require a reviewer from another unit"),
                  "members_only": _("Only members see published items")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["processes"] = "\n".join(self.instance.processes or [])

    def clean_processes(self) -> list[str]:
        values = [clean_text(v) for v in (self.cleaned_data.get("processes") or "").splitlines()]
        values = list(dict.fromkeys(v for v in values if v))
        if len(values) > LIST_MAX * 2:
            raise forms.ValidationError(gettext_now("At most %(most)d processes.")
                                        % {"most": LIST_MAX * 2})
        if any(len(v) > LIST_ITEM_MAX for v in values):
            raise forms.ValidationError(
                gettext_now("Each process is at most %(most)d characters.")
                % {"most": LIST_ITEM_MAX})
        return values


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LessonAction
        fields = ["text", "owner", "due"]
        labels = {"text": _("Action"), "owner": _("Owner"), "due": _("Due")}
        widgets = {"due": DATE}


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ReuseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Reuse
        fields = ["outcome", "unit", "hours_saved", "cost_saved"]
        labels = {"outcome": _("What you did and what came of it"), "unit": _("Unit"),
                  "hours_saved": _("Time saved (hours, optional)"),
                  "cost_saved": _("Cost saved (rand, optional)")}
        widgets = {"outcome": forms.Textarea(attrs={"rows": 3})}


class SupersedeForm(forms.Form):
    successor = forms.IntegerField(label=_("Superseded by (item number)"), min_value=1)
