"""Data versions: what a cached figure is keyed by, so that no cache ever serves figures older
than the rows they count.

Every write goes through a service that writes a history row, and history rows are only ever
appended: so the highest history id of each table a figure reads from changes with any write.
One statement for all the tables, each answered from its primary key's index.
"""

from django.db import connection


def data_version(*models):
    """(highest history id of each model's history table, ...) in one statement."""
    tables = [connection.ops.quote_name(m.history.model._meta.db_table) for m in models]
    sql = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {t})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()
