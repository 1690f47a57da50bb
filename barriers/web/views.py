from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ..selectors.barriers import barrier_detail_queryset


def home(request):
    return redirect("admin:index")


@login_required
def barrier_detail(request, reference):
    barrier = get_object_or_404(barrier_detail_queryset(request.user), reference=reference)
    return redirect("admin:barriers_barrier_change", barrier.pk)


def ratelimited(request, exception=None):
    return HttpResponse("Too many submissions, try again later.", status=429)
