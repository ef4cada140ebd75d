"""The target audience (reach's denominator) is set in the admin."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from indaba.communities.models import Community
from indaba.evidence.models import EvidenceSettings


def test_target_audience_is_set_in_the_admin(db: None) -> None:
    admin = get_user_model()._default_manager.create_superuser("root", "r@example.org",
                                                               "pw-long-enough-1")
    community = Community.objects.create(slug="c", name="C")
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/evidence/evidencesettings/").status_code == 200
    response = client.post("/admin/evidence/evidencesettings/add/",
                           {"community": community.pk, "target_audience": "120"})
    assert response.status_code == 302
    assert EvidenceSettings.objects.get(community=community).target_audience == 120
    refused = client.post("/admin/evidence/evidencesettings/add/",
                          {"community": community.pk, "target_audience": "-3"})
    assert refused.status_code == 200  # the form again, with its error
    assert str(EvidenceSettings.objects.get().target_audience) == "120"
