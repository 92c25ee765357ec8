"""Build the Kota Denpasar demo. Idempotent: running it twice changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.text import slugify

from sewaka.api.demo import seed_api_tokens
from sewaka.demo import denpasar as data
from sewaka.demo.assessments import seed_monev_round, seed_official_results
from sewaka.demo.bali import seed_days_off
from sewaka.demo.complaints import seed_complaints
from sewaka.demo.consultations import seed_forums
from sewaka.demo.documents import seed_documents
from sewaka.demo.history import seed_history
from sewaka.demo.innovations import seed_innovations
from sewaka.demo.obligations import seed_obligations
from sewaka.demo.open311 import DEMO_OPEN311_KEY, seed_open311_key
from sewaka.demo.places import seed_places
from sewaka.demo.readiness import seed_readiness
from sewaka.demo.standards import seed_standards
from sewaka.demo.surveys import seed_surveys
from sewaka.organisations import services
from sewaka.organisations.models import Membership, Service, Unit, UnitKind
from sewaka.standards.models import ServiceStandard


class Command(BaseCommand):
    help = "Load the Kota Denpasar demo (units, services and, with SEWAKA_DEBUG on, demo users)."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Do not create demo users.")

    @transaction.atomic
    def handle(self, *args, **opts):
        self.created = 0

        code, name, short = data.PEMDA
        pemda = self.unit(None, code, name, short, UnitKind.PEMDA, address="Jl. Majapahit No. 1, Denpasar")
        # Bali's local days off before any case: every demo deadline below is counted with them.
        self.created += seed_days_off(pemda=pemda)
        units = {}
        for code, name, short, kind, svc in data.AGENCIES:
            units[code] = self.unit(pemda, code, name, short, kind, services_=svc)
        for code, name, short in data.SETDA_BAGIAN:
            units[code] = self.unit(units["setda"], code, name, short, UnitKind.BAGIAN)
        for code, kname, villages in data.KECAMATAN:
            kec = self.unit(
                pemda,
                f"kec-{code}",
                f"Kecamatan {kname}",
                f"Kec. {kname}",
                UnitKind.KECAMATAN,
                services_=data.KECAMATAN_SERVICES,
            )
            for vname, kind in villages:
                label = "Kelurahan" if kind == "kelurahan" else "Desa"
                self.unit(
                    kec,
                    f"{kind}-{slugify(vname)}",
                    f"{label} {vname}",
                    vname,
                    kind,
                    services_=data.KELURAHAN_SERVICES,
                )
        for code, name in data.PUSKESMAS:
            units[code] = self.unit(
                units["dinkes"],
                code,
                name,
                name.replace("Puskesmas", "Pusk."),
                UnitKind.PUSKESMAS,
                services_=data.PUSKESMAS_SERVICES,
                opening_hours="Senin–Kamis 07.30–14.00, Jumat 07.30–12.00",
            )
        for code, name, short, parent, svc in data.UPTD:
            units[code] = self.unit(units[parent], code, name, short, UnitKind.UPTD, services_=svc)
        code, name, short, parent = data.MPP
        mpp = self.unit(
            units[parent],
            code,
            name,
            short,
            UnitKind.MPP,
            address="Jl. Majapahit, Denpasar",
            opening_hours="Senin–Jumat 08.00–15.00",
        )
        for code, name, home, svc in data.GERAI:
            self.unit(mpp, code, name, name, UnitKind.GERAI_MPP, services_=svc, home_agency=units[home])

        skm_units = [units[code] for code, _n in data.PUSKESMAS] + [units["disdukcapil"], units["dpmptsp"]]
        self.created += seed_surveys(skm_units)

        self.created += seed_documents(pemda)  # kop surat and unit heads for official documents
        self.created += seed_places(pemda)  # addresses and coordinates (maps, Open311)
        if settings.SEWAKA_DEMO_USERS and not opts["no_users"]:
            self.users()
        self.created += self.standards_and_forums()
        self.stdout.write(self.style.SUCCESS(f"Demo Kota Denpasar siap ({self.created} objek baru)."))

    def unit(self, parent, code, name, short, kind, services_=(), **extra):
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = services.unit_create(
                actor=None, parent=parent, kind=kind, code=code, name=name, short_name=short, **extra
            )
            self.created += 1
        for svc in services_:
            if not Service.objects.filter(unit=unit, name=svc).exists():
                services.service_create(
                    actor=None, unit=unit, name=svc, synonyms=data.SERVICE_SYNONYMS.get(svc, "")
                )
                self.created += 1
        return unit

    def standards_and_forums(self) -> int:
        """Standards, Maklumat and FKPs are written through audited services by the Bagian Organisasi."""

        User = get_user_model()
        actor = User.objects.filter(username="admin.pemda").first()
        if actor is None:
            # A system account that cannot log in (unusable password) writes the demo through the services.
            actor = User.objects.filter(username="sistem.demo").first()
            if actor is None:
                actor = User(username="sistem.demo", first_name="Sistem", last_name="Demo")
                actor.set_unusable_password()
                actor.save()
            pemda = Unit.objects.get(code=data.PEMDA[0])
            if not Membership.objects.filter(user=actor, unit=pemda, role="admin_pemda").exists():
                services.membership_grant(actor=None, user=actor, unit=pemda, role="admin_pemda")
        created = seed_standards(actor)
        ktp = ServiceStandard.objects.filter(
            service__unit__code="disdukcapil", service__name="Penerbitan KTP-el"
        ).first()
        created += seed_forums(Unit.objects.get(code="disdukcapil"), standard=ktp, owner=actor)
        created += seed_forums(Unit.objects.get(code="pkm-1-denbar"), standard=None, owner=actor)

        created += seed_official_results(actor)

        created += seed_monev_round(actor)
        # Demo cases must not send (or print) notification e-mails.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created += seed_complaints(actor)
        # The obligations tracker's mix of compliance (FKPs, last quarter's SKM, coordination events).
        created += seed_obligations(Unit.objects.get(code=data.PEMDA[0]), actor)
        # A year of SKM history for the dashboard (trend, risers, fallers, mutu C/D); before the readiness
        # mix, which reads who surveyed this year.
        created += seed_history(Unit.objects.get(code=data.PEMDA[0]))
        # The readiness forecast's mix: standards and Maklumat for the other units.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created += seed_readiness(Unit.objects.get(code=data.PEMDA[0]), actor)
        # Innovations at every stage, two past KIPP results and an internal call scored by two jurors
        # (after the SKM history and complaints their impact panels read).
        created += seed_innovations(Unit.objects.get(code=data.PEMDA[0]), actor)
        return created

    def users(self):
        User = get_user_model()
        for username, first, last, role, unit_code in data.DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=data.DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{data.DEMO_EMAIL_DOMAIN}",
                )
                self.created += 1
            unit = Unit.objects.get(code=unit_code)
            if not Membership.objects.filter(user=user, unit=unit, role=role, is_active=True).exists():
                services.membership_grant(actor=None, user=user, unit=unit, role=role)
                self.created += 1
        self.stdout.write("Akun demo (kata sandi: %s):" % data.DEMO_PASSWORD)
        for username, _first, _last, role, unit_code in data.DEMO_USERS:
            self.stdout.write(f"  {username:<16} {role:<20} {unit_code}")
        # A known Open311 client key (demo mode only, like the accounts): docs/open311.md's examples use it.
        self.created += seed_open311_key(Unit.objects.get(code=data.PEMDA[0]))
        self.stdout.write(
            f"Kunci klien Open311 demo (api_key): {DEMO_OPEN311_KEY}  → /open311/v2/discovery.json"
        )
        self.created += seed_api_tokens(self.stdout)
