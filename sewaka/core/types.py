"""Type aliases shared by the typed services and selectors (mypy, issue 15 item 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # type-only: nothing is imported at run time
    from django.contrib.auth.models import User

# Who acts in a service: a signed-in user, or None (a citizen on a public page, or the system: a job, a
# command, a migration). Views pass `request.user` only behind `login_required`.
Actor: TypeAlias = "User | None"
