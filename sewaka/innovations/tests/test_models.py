"""Model invariants enforced by the database (constraints), whatever the writer."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sewaka.innovations.models import (
    Award,
    Call,
    Innovation,
    Juror,
    Nomination,
    ProposalText,
    Scheme,
    SchemeYear,
    Score,
)


def _innovation(tree, slug="a", **kw):
    return Innovation.objects.create(
        pemda=tree.pemda, unit=tree.pkm_a, name="Inovasi " + slug, slug=slug, **kw
    )


def _scheme_year(year=2023):
    scheme, _ = Scheme.objects.get_or_create(code="kipp", defaults={"name": "KIPP"})
    return SchemeYear.objects.create(scheme=scheme, year=year, version="1", name="KIPP", data={}, sha256="x")


def _fails(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_it_rejects_an_unknown_stage_an_empty_name_and_a_replica_of_itself(tree):
    _fails(lambda: _innovation(tree, "s", stage="menang"))
    _fails(lambda: Innovation.objects.create(pemda=tree.pemda, unit=tree.pkm_a, name="", slug="e"))
    inn = _innovation(tree)
    _fails(lambda: Innovation.objects.filter(pk=inn.pk).update(replicated_from=inn.pk))
    _fails(lambda: Innovation.objects.filter(pk=inn.pk).update(published=True))  # no published_at
    Innovation.objects.filter(pk=inn.pk).update(published=True, published_at=timezone.now())


def test_it_rejects_a_second_identical_award_and_an_award_of_no_scheme(tree):
    inn = _innovation(tree)
    sy = _scheme_year()
    Award.objects.create(innovation=inn, scheme_year=sy, scheme_code="kipp", year=2023, award_code="top99")
    _fails(
        lambda: Award.objects.create(
            innovation=inn, scheme_year=sy, scheme_code="kipp", year=2023, award_code="top99"
        )
    )
    _fails(lambda: Award.objects.create(innovation=inn, scheme_code="lomba", year=2023, award_code="juara1"))
    Award.objects.create(
        innovation=inn, scheme_name="Lomba Inovasi Kota", scheme_code="lomba", year=2023, award_code="juara1"
    )


def test_it_rejects_duplicate_versions_nominations_jurors_and_scores(tree, admin_pemda):
    sy = _scheme_year()
    _fails(
        lambda: SchemeYear.objects.create(
            scheme=sy.scheme, year=2023, version="1", name="x", data={}, sha256="y"
        )
    )
    call = Call.objects.create(
        pemda=tree.pemda, scheme_year=sy, title="Seleksi", nomination_deadline="2023-03-01"
    )
    _fails(lambda: Call.objects.filter(pk=call.pk).update(cap=0))
    _fails(lambda: Call.objects.filter(pk=call.pk).update(status="later"))
    inn = _innovation(tree)
    nom = Nomination.objects.create(call=call, innovation=inn, group_code="umum")
    _fails(lambda: Nomination.objects.create(call=call, innovation=inn, group_code="khusus"))
    juror = Juror.objects.create(call=call, user=admin_pemda)
    _fails(lambda: Juror.objects.create(call=call, user=admin_pemda))
    Score.objects.create(nomination=nom, juror=juror, aspect_code="kebaruan", value=Decimal("80"))
    _fails(
        lambda: Score.objects.create(nomination=nom, juror=juror, aspect_code="kebaruan", value=Decimal("70"))
    )
    _fails(lambda: Score.objects.create(nomination=nom, juror=juror, aspect_code="x", value=Decimal("-1")))
    _fails(
        lambda: Score.objects.create(nomination=nom, juror=juror, aspect_code="y", value=1, submitted=True)
    )
    ProposalText.objects.create(nomination=nom, aspect_code="ringkasan", text="a", version=1)
    _fails(lambda: ProposalText.objects.create(nomination=nom, aspect_code="ringkasan", text="b", version=1))
    _fails(lambda: ProposalText.objects.create(nomination=nom, aspect_code="ringkasan", text="b", version=0))
