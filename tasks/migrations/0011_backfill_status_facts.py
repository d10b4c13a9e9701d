"""Store every existing assignment's status facts for the current year (see tasks.timing.status_facts)."""

from django.db import migrations
from django.utils import timezone

from tasks.timing import Timing, status_facts



def backfill(apps, schema_editor):
    Assignment = apps.get_model("tasks", "Assignment")
    year = timezone.localdate().year
    rows = []
    for row in Assignment.objects.select_related("task").iterator(chunk_size=2000):
        task = row.task
        timing = Timing(
            kind=task.timing_kind,
            due_on=task.due_on,
            trigger_occurred_on=task.trigger_occurred_on,
            days_after_trigger=task.days_after_trigger,
            yearly_due_day=task.yearly_due_day,
            yearly_due_month=task.yearly_due_month,
            starts_on=task.starts_on,
        )
        facts = status_facts(timing, row.progress, row.completed_on, year)
        row.status_year, row.deadline, row.settled_status = facts.year, facts.deadline, facts.settled
        rows.append(row)
        if len(rows) >= 2000:
            Assignment.objects.bulk_update(rows, ["status_year", "deadline", "settled_status"])
            rows = []
    Assignment.objects.bulk_update(rows, ["status_year", "deadline", "settled_status"])


class Migration(migrations.Migration):
    dependencies = [("tasks", "0010_assignment_status_facts")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
