"""The admin is for superusers: a membership no longer makes its user staff, and the role groups
that carried admin permissions are gone. Clears is_staff for every non-superuser with a
membership and deletes the "tracker:<role>" groups (neither is a history-tracked model)."""

from django.conf import settings
from django.db import migrations


def members_leave_the_admin(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Group = apps.get_model("auth", "Group")
    User.objects.filter(membership__isnull=False, is_superuser=False, is_staff=True).update(is_staff=False)
    Group.objects.filter(name__startswith="tracker:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("barriers", "0012_merge_0011_escalation_0011_market_indicators"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(members_leave_the_admin, migrations.RunPython.noop)]
