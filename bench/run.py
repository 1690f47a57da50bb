"""`make bench`: every area's benchmark, one after another, against DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/tracker_bench, built by bench/build_data.py).

Areas add themselves to BENCHES. Build the data once first:
    .venv/bin/python bench/build_data.py
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ("GraphQL API", HERE / "graphql_api.py"),
    ("GraphQL four-way: floor, naive, strawberry-django, project", HERE / "fourway.py"),
    ("Dashboard", HERE / "dashboard.py"),
    # Last: its first run publishes the bench barriers and builds the search index in this database.
    ("Matching", HERE / "matching.py"),
]


def main():
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench")
    failed = 0
    for title, script in BENCHES:
        print(f"== {title} ({script.relative_to(HERE.parent)}) ==", flush=True)
        failed += subprocess.call([sys.executable, str(script)]) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
