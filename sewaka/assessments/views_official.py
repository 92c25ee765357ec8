"""Official results: Excel import with row-level errors, source document upload."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def official_import(request):
    raise Http404  # being built


@login_required
def official_document(request, pk):
    raise Http404  # being built
