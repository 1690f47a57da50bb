"""Queued jobs. With no TASKS backend configured they run at once, in the request's process."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(recipients, subject, body):
    return send_mail(subject, body, None, list(recipients), fail_silently=False)
