"""Background tasks (django-tasks; the database backend's worker runs them, tests run them at once)."""

import logging

from django_tasks import task

from .import_services import _fail, import_analyse, import_run
from .models import SurveyImport

log = logging.getLogger(__name__)


def _job(import_id: int) -> SurveyImport:
    return SurveyImport.objects.select_related("period__questionnaire", "period__unit").get(pk=import_id)


def _guarded(import_id: int, step) -> None:
    job = _job(import_id)
    try:
        step(job=job)
    except Exception:  # a failed task must say so on the import page, not hang at "analysing"
        log.exception("survey import %s failed", import_id)
        _fail(job, "Terjadi gangguan saat memproses berkas. Tidak ada baris yang hilang; coba jalankan lagi.")


@task()
def analyse_import(import_id: int) -> None:
    _guarded(import_id, import_analyse)


@task()
def run_import(import_id: int) -> None:
    _guarded(import_id, import_run)
