"""Load bench for the public complaint form: sustained submissions through gunicorn (several
workers) against PostgreSQL, from a threaded load generator on loopback.

    .venv/bin/python bench/complaints_load.py [--duration 30] [--max-requests 3000] [--threads 8]
        [--workers 4] [--double-every 10] [--file-every 5]

It creates the database tracker_complaints_bench (dropping an earlier one), migrates it, loads the
reference data, starts gunicorn on 127.0.0.1, and then each client thread GETs the form once (for
the CSRF cookie and token) and POSTs complaints until the time or count bound is reached. Every
`--double-every`-th submission is sent twice at the same moment with the same submission_id (a
double click). It prints requests per second, latency percentiles and the check that every
accepted submission is in the database exactly once and nothing else is. Only 127.0.0.1 is used.
"""

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_NAME = "tracker_complaints_bench"
PG = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def prepare_database(env):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PY, "manage.py", "seed_demo", "--reference-only"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def category_id(env):
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", "from barriers.models import Category; print(Category.objects.first().pk)"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, ctype) in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """One keep-alive connection with its own CSRF cookie, like one browser."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookie = ""
        self.token = ""

    def start(self):
        self.conn.request("GET", "/complaints/new/", headers={"Accept-Language": "ko"})
        response = self.conn.getresponse()
        html = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.cookie = value.split(";", 1)[0]
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, body, content_type):
        headers = {
            "Content-Type": content_type,
            "Cookie": self.cookie,
            "Referer": f"http://{HOST}:{self.port}/",
            "Accept-Language": "ko",
        }
        started = time.perf_counter()
        try:
            self.conn.request("POST", "/complaints/new/", body=body, headers=headers)
            response = self.conn.getresponse()
            response.read()
            status, location = response.status, response.getheader("Location", "")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            status, location = 0, ""
        return status, location, time.perf_counter() - started


def run_load(port, args, category):
    deadline = time.monotonic() + args.duration
    lock = threading.Lock()
    counter = {"n": 0}
    latencies, statuses = [], Counter()
    accepted = Counter()  # submission_id -> number of 303 answers
    doubles = []

    def next_index():
        with lock:
            if counter["n"] >= args.max_requests or time.monotonic() >= deadline:
                return None
            counter["n"] += 1
            return counter["n"]

    def payload(client, i):
        sid = str(uuid.uuid4())
        fields = {
            "csrfmiddlewaretoken": client.token,
            "submission_id": sid,
            "company_name": f"Bench Co {i}",
            "business_number": "123-45-67891",
            "contact_name": "Bench",
            "email": f"bench{i}@example.test",
            "phone": "",
            "country": "CN",
            "category": category,
            "product": "HS 3304",
            "description": f"Bench complaint {i}: parcel declarations.",
            "desired_fix": "",
            "consent": "on",
            "website": "",
        }
        if args.file_every and i % args.file_every == 0:
            return sid, *multipart(fields, [("evidence", ("invoice.pdf", PDF, "application/pdf"))])
        return sid, urlencode(fields).encode(), "application/x-www-form-urlencoded"

    def record(sid, status, location, seconds):
        with lock:
            latencies.append(seconds)
            statuses[status] += 1
            if status == 303 and sid in location:
                accepted[sid] += 1

    def worker():
        client = Client(port)
        twin = Client(port)
        client.start()
        twin.start()
        while (i := next_index()) is not None:
            sid, body, ctype = payload(client, i)
            if args.double_every and i % args.double_every == 0:
                # the same POST twice at the same moment (double click): one complaint expected
                twin_body = body.replace(client.token.encode(), twin.token.encode())
                gate = threading.Barrier(2)
                results = []

                def send(c, b, gate=gate, results=results, ctype=ctype):
                    gate.wait()
                    results.append(c.post(b, ctype))

                helper = threading.Thread(target=send, args=(twin, twin_body))
                helper.start()
                send(client, body)
                helper.join()
                for status, location, seconds in results:
                    record(sid, status, location, seconds)
                with lock:
                    doubles.append(sid)
            else:
                record(sid, *client.post(body, ctype))

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, statuses, accepted, doubles


def count_in_database(env, accepted_ids):
    script = (
        "import sys, json\n"
        "from barriers.models import Complaint, EvidenceFile\n"
        "ids = json.load(open(sys.argv[-1]))\n"
        "rows = list(Complaint.objects.values_list('submission_id', flat=True))\n"
        "found = {str(r) for r in rows}\n"
        "refs = list(Complaint.objects.values_list('reference', flat=True))\n"
        "print(json.dumps({'rows': len(rows), 'distinct': len(found), 'accepted_found': len(found & set(ids)),"
        " 'not_accepted_but_saved': len(found - set(ids)), 'refs_distinct': len(set(refs)),"
        " 'evidence': EvidenceFile.objects.count(), 'history': Complaint.history.count()}))\n"
    )
    import json

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(sorted(accepted_ids), handle)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as code:
        code.write(script)
    out = subprocess.run(
        [PY, "-c", f"import django, runpy, sys; django.setup(); runpy.run_path('{code.name}')", handle.name],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (upper bound)")
    parser.add_argument("--max-requests", type=int, default=3000, help="submissions at most (upper bound)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--double-every", type=int, default=10)
    parser.add_argument("--file-every", type=int, default=5)
    args = parser.parse_args()

    media = tempfile.mkdtemp(prefix="complaints-bench-media-")
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback (production sits behind TLS)
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": HOST,
        "MEDIA_ROOT": media,
        "COMPLAINT_RATE": "1000000/m",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "SITE_URL": f"http://{HOST}",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
    }  # persistent connections, as in production
    prepare_database(env)
    category = category_id(env)
    port = free_port()
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "tracker.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection((HOST, port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        elapsed, latencies, statuses, accepted, doubles = run_load(port, args, category)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    db = count_in_database(env, list(accepted))
    requests = len(latencies)
    print(f"gunicorn workers: {args.workers}, client threads: {args.threads}, PostgreSQL database {DB_NAME}")
    print(f"POST requests: {requests} in {elapsed:.1f} s = {requests / elapsed:.1f} requests/s")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(
        f"latency ms: p50 {statistics.median(latencies) * 1000:.0f}, p95 {percentile(latencies, 95) * 1000:.0f}, "
        f"p99 {percentile(latencies, 99) * 1000:.0f}, max {max(latencies) * 1000:.0f}"
    )
    print(
        f"double submits (same submission_id twice at once): {len(doubles)}; "
        f"answered 303 twice: {sum(1 for s in doubles if accepted[s] == 2)}"
    )
    print(
        f"accepted submissions (distinct ids): {len(accepted)}; complaints in the database: {db['rows']} "
        f"(distinct submission ids {db['distinct']}, distinct references {db['refs_distinct']}); accepted found: "
        f"{db['accepted_found']}; saved but never accepted: {db['not_accepted_but_saved']}; "
        f"evidence files: {db['evidence']}; history rows: {db['history']}"
    )
    exactly_once = (
        db["rows"] == db["distinct"] == db["accepted_found"] == len(accepted) and not db["not_accepted_but_saved"]
    )
    print(f"every accepted submission in the database exactly once: {'yes' if exactly_once else 'NO'}")
    return 0 if exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
