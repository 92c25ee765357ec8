from django.http import HttpRequest

from sewaka.organisations.selectors import units_of_user


class CurrentUnitMiddleware:
    """Attach the unit the user works on now (chosen with the unit switcher) as request.current_unit."""

    SESSION_KEY = "sewaka_current_unit"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.current_unit = None
        request.switchable_units = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            units = units_of_user(user)
            request.switchable_units = units
            chosen = request.session.get(self.SESSION_KEY)
            request.current_unit = next((u for u in units if u.pk == chosen), units[0] if units else None)
        return self.get_response(request)
