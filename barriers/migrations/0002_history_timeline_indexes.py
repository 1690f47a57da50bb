"""Indexes for the history reads: a barrier's timeline and status-as-of-date go by (id, history_date).

RunSQL without state operations: simple-history generates the historical models, so the index is
not part of their Meta and makemigrations must not try to drop it.
"""
from django.db import migrations

INDEXES = [
    ("hist_barrier_id_date", "barriers_historicalbarrier", "id, history_date, history_id"),
    ("hist_complaint_id_date", "barriers_historicalcomplaint", "id, history_date"),
    ("hist_progress_barrier_date", "barriers_historicalprogressupdate", "barrier_id, history_date"),
]


class Migration(migrations.Migration):
    dependencies = [("barriers", "0001_initial")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
