from django.contrib import admin

from .models import Letter, LetterSettings, Obligation


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ("name", "pemda", "fact", "frequency", "is_active")
    list_filter = ("is_active", "fact")
    readonly_fields = [f.name for f in Obligation._meta.fields]

    def has_add_permission(self, request):
        return False  # edited on the rules page, through the audited service


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    list_display = ("pemda", "number_pattern")
    readonly_fields = [f.name for f in LetterSettings._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("issued_on", "number", "kind", "pemda")
    readonly_fields = [f.name for f in Letter._meta.fields]

    def has_add_permission(self, request):
        return False
