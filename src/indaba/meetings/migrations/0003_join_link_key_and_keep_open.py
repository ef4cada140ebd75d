"""Join links get a long key for links and QR codes, and a facilitator's "keep open".
Links made before without an expiry now end with their session, like new ones."""

import secrets

from django.db import migrations, models

import indaba.meetings.models


def give_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    JoinLink = apps.get_model("meetings", "JoinLink")
    for link in JoinLink.objects.filter(key__isnull=True).only("pk"):
        JoinLink.objects.filter(pk=link.pk).update(key=secrets.token_urlsafe(24))


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0002_join_code_successor_and_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="joinlink",
            name="key",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="joinlink",
            name="key",
            field=models.CharField(default=indaba.meetings.models.new_join_key, max_length=64,
                                   unique=True),
        ),
        migrations.AddField(
            model_name="joinlink",
            name="keep_open",
            field=models.BooleanField(default=False,
                                      help_text="Works after the session ends, until withdrawn."),
        ),
    ]
