from django.db import models

from .models import Event, EventQuerySet


def event_list_for(obj: models.Model) -> EventQuerySet:
    """The trail of one object, newest first. Only the secretariat's back office shows it."""
    return Event.objects.for_object(obj).select_related("actor")
