"""Named personas (house rule 9). The tree:

pemda (Kota Uji)
├── dinkes (perangkat daerah)
│   ├── pkm_a (Puskesmas A)   ← operator_unit_a
│   └── pkm_b (Puskesmas B)   ← operator_unit_b (must never see unit A)
├── capil (perangkat daerah)  ← pengelola_pengaduan
└── dpmptsp
    └── mpp
        └── gerai_capil (home agency: capil)
"""

from types import SimpleNamespace

import pytest

from sewaka.organisations.models import Role, UnitKind
from sewaka.organisations.tests.factories import make_member, make_unit


@pytest.fixture
def tree(db):
    pemda = make_unit(code="kota-uji", name="Pemerintah Kota Uji")
    dinkes = make_unit(pemda, code="dinkes", name="Dinas Kesehatan")
    pkm_a = make_unit(dinkes, UnitKind.PUSKESMAS, code="pkm-a", name="Puskesmas A")
    pkm_b = make_unit(dinkes, UnitKind.PUSKESMAS, code="pkm-b", name="Puskesmas B")
    capil = make_unit(pemda, code="capil", name="Disdukcapil")
    dpmptsp = make_unit(pemda, code="dpmptsp", name="DPMPTSP")
    mpp = make_unit(dpmptsp, UnitKind.MPP, code="mpp", name="Mal Pelayanan Publik")
    gerai = make_unit(mpp, UnitKind.GERAI_MPP, code="gerai-capil", name="Gerai Capil", home_agency=capil)
    return SimpleNamespace(
        pemda=pemda,
        dinkes=dinkes,
        pkm_a=pkm_a,
        pkm_b=pkm_b,
        capil=capil,
        dpmptsp=dpmptsp,
        mpp=mpp,
        gerai=gerai,
    )


@pytest.fixture
def admin_pemda(tree):
    return make_member(tree.pemda, Role.ADMIN_PEMDA, "admin_pemda")


@pytest.fixture
def operator_unit_a(tree):
    return make_member(tree.pkm_a, Role.OPERATOR, "operator_a")


@pytest.fixture
def operator_unit_b(tree):
    return make_member(tree.pkm_b, Role.OPERATOR, "operator_b")


@pytest.fixture
def pimpinan(tree):
    return make_member(tree.pemda, Role.PIMPINAN, "pimpinan")


@pytest.fixture
def tim_monev(tree):
    return make_member(tree.pemda, Role.TIM_MONEV, "tim_monev")


@pytest.fixture
def pengelola_pengaduan(tree):
    return make_member(tree.capil, Role.PENGELOLA_PENGADUAN, "pengaduan")


@pytest.fixture
def warga(client):
    """A citizen: anonymous browser."""
    return client
