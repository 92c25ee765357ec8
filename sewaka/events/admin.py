from django.contrib import admin

from .models import CoordinationEvent


@admin.register(CoordinationEvent)
class CoordinationEventAdmin(admin.ModelAdmin):
    list_display = ("date", "topic", "kind", "organiser")
    readonly_fields = [f.name for f in CoordinationEvent._meta.fields]

    def has_add_permission(self, request):
        return False  # recorded on the events pages, through the audited services
