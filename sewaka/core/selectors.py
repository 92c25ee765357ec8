"""Reads of core's own data that need no access rule (the caller has checked the owner)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import Attachment


def attachments_of(obj) -> QuerySet:
    return Attachment.objects.filter(owner_type=ContentType.objects.get_for_model(obj), owner_id=str(obj.pk))
