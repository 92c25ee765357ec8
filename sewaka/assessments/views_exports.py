"""Exports of assessments: a unit's assessment as PDF, the city's readiness table as Excel."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def assessment_pdf(request, pk):
    raise Http404  # being built


@login_required
def readiness_xlsx(request):
    raise Http404  # being built
