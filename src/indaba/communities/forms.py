from __future__ import annotations

from django import forms

from indaba.communities.models import Community, Role


class CommunityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Community
        fields = ["name", "purpose", "unit"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)


class AddMemberForm(forms.Form):
    username = forms.CharField(label="Username or e-mail of an existing account", max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
