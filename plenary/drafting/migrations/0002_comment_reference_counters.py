"""Comment references now come from the group's counter of the comments series: start each counter at the highest
number already given out, so no existing reference is given out twice."""

from django.db import migrations


def seed_counters(apps, schema_editor):
    Comment = apps.get_model("drafting", "ParagraphComment")
    Counter = apps.get_model("consultations", "ReferenceCounter")
    last: dict[tuple[int, int], int] = {}
    for group_id, reference in Comment.objects.values_list("draft__group_id", "reference"):
        parts = reference.rsplit("/", 3)
        if len(parts) != 4 or parts[1] != "DC" or not parts[2].isdigit() or not parts[3].isdigit():
            continue
        key = (group_id, int(parts[2]))
        last[key] = max(last.get(key, 0), int(parts[3]))
    for (group_id, year), sequence in last.items():
        counter, _created = Counter.objects.get_or_create(group_id=group_id, series="DC", year=year)
        if counter.last < sequence:
            counter.last = sequence
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("drafting", "0001_initial"),
        ("consultations", "0003_reference_series"),
    ]

    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
