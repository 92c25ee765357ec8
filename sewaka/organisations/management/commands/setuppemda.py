"""First-time set-up of a real pemda: its root unit and its first admin pemda."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sewaka.organisations import services
from sewaka.organisations.models import Role, Unit, UnitKind


class Command(BaseCommand):
    help = "Create the pemda's root unit (if missing) and give USERNAME the admin pemda role on it."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="Unit code, e.g. kota-denpasar")
        parser.add_argument("--name", required=True, help='Official name, e.g. "Pemerintah Kota Denpasar"')
        parser.add_argument(
            "--admin", required=True, help="Username of an existing account (createsuperuser)"
        )

    @transaction.atomic
    def handle(self, *args, code, name, admin, **opts):
        user = get_user_model().objects.filter(username=admin).first()
        if user is None:
            raise CommandError(
                f"Pengguna '{admin}' tidak ada. Buat dahulu dengan `manage.py createsuperuser`."
            )
        try:
            root = Unit.objects.filter(code=code).first() or services.unit_create(
                actor=None, parent=None, kind=UnitKind.PEMDA, code=code, name=name
            )
            if not root.memberships.filter(user=user, role=Role.ADMIN_PEMDA, is_active=True).exists():
                services.membership_grant(actor=None, user=user, unit=root, role=Role.ADMIN_PEMDA)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{root.name}: {admin} adalah admin pemda."))
