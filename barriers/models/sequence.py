from django.db import models


class ReferenceSequence(models.Model):
    """Last number handed out per reference prefix, so a reference is never reused after a delete."""

    prefix = models.CharField(max_length=16, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last_value}"
