from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indaba.communities.models import Community, Role


class CommunityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Community
        fields = ["name", "purpose", "unit"]
        # The labels are given here, not as the model's verbose names, so translating
        # them needs no migration.
        labels = {"name": _("Name"), "purpose": _("Purpose"), "unit": _("Unit")}
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class AddMemberForm(forms.Form):
    username = forms.CharField(label=_("Username or e-mail of an existing account"),
                               max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
