"""Matching ("is this already known?"): hit rates on the labelled set, and the similar endpoint's
latency at 100,000 barriers on PostgreSQL.

    .venv/bin/python bench/matching.py            # both parts
    .venv/bin/python bench/matching.py --hits     # hit rates only (a scratch SQLite database)
    .venv/bin/python bench/matching.py --latency  # PostgreSQL only

Hit rates: the 23 demo barriers (all published) and the complaint texts of
tests/matching_cases.json, as the public form asks (market and category chosen, published
barriers, public wording) and as the officers' triage search asks (no market, every text).

Latency: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tracker_bench_public), built
by bench/build_data.py. The first run prepares it once: every one of the 100,000 barriers gets a
published public version written from a pool of realistic Korean and English phrases (so the
demo barriers compete with 100,000 look-alikes), the demo set is seeded next to them, and the
search index is built. Then GET /public/barriers/similar/ is called in-process with the labelled
texts, anonymously and as a coordinator, interleaved; p50/p95 and the hit rates at that scale
are printed. The machine is shared: compare figures taken in one run.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_public"


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DEBUG", "0")
    os.environ["RATELIMIT_ENABLE"] = "0"
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()


# --- hit rates ------------------------------------------------------------------------------------


def print_hits(coordinator, cases, label=""):
    from tests.matching_support import evaluate

    modes = (
        ("public form (market + category, published, public wording)", {"user": None}),
        ("public, no market or category", {"user": None, "use_country": False, "use_category": False}),
        ("officers' triage (market + category, all texts)", {"user": coordinator}),
        ("officers' triage, no market or category", {"user": coordinator, "use_country": False, "use_category": False}),
    )
    for name, kwargs in modes:
        started = time.perf_counter()
        scores = evaluate(cases, **kwargs)
        per_case = (time.perf_counter() - started) / len(cases) * 1000
        print(f"  {label}{name}: {scores.line()} ({per_case:.0f} ms a text)", flush=True)


def hits():
    """In a child process on a scratch SQLite database (the settings are read once per process)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/matching.sqlite3", "DEBUG": "0"}
        return subprocess.call([sys.executable, __file__, "--hits-child"], env=env)


def hits_child():
    setup_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    from tests.matching_support import load_cases, load_demo_register

    call_command("migrate", verbosity=0)
    coordinator = load_demo_register()
    cases = load_cases()
    positives = sum(1 for c in cases if c["expect"])
    print(f"Labelled set: {positives} complaint texts about the 23 demo barriers, {len(cases) - positives} about none.")
    print_hits(coordinator, cases)


# --- the bench register ---------------------------------------------------------------------------

MARKETS = {
    "US": ("미국", "the United States"),
    "CN": ("중국", "China"),
    "JP": ("일본", "Japan"),
    "VN": ("베트남", "Vietnam"),
    "ID": ("인도네시아", "Indonesia"),
}
PRODUCTS = [
    ("화장품", "cosmetics"),
    ("건강기능식품", "health supplements"),
    ("가공식품", "processed food"),
    ("의류", "clothing"),
    ("소형 가전", "small appliances"),
    ("음반", "music albums"),
    ("주방용품", "kitchenware"),
    ("완구", "toys"),
    ("액세서리", "accessories"),
    ("의료기기", "medical devices"),
    ("반려동물 용품", "pet supplies"),
    ("전자책", "e-books"),
]
TOPICS = [
    ("해외 카드 결제", "foreign card payment"),
    ("결제대행사(PG) 정산", "payment gateway settlement"),
    ("간편결제 연동", "mobile wallet integration"),
    ("외화 송금 한도", "foreign currency transfer limits"),
    ("수출신고", "export declaration"),
    ("원산지 증명", "proof of origin"),
    ("통관 검사", "customs inspection"),
    ("반품 재수입 관세", "duty on returned goods"),
    ("EMS 배송비", "EMS delivery cost"),
    ("항공 운송 배터리 제한", "battery limits on air freight"),
    ("해상 특송", "sea express"),
    ("현지 물류창고", "local fulfilment warehouses"),
    ("제품 등록", "product registration"),
    ("성분 표시", "ingredient labelling"),
    ("인증 시험", "certification testing"),
    ("할랄 인증", "halal certification"),
    ("현지 대리인 지정", "appointing a local agent"),
    ("수입 부가세", "import VAT"),
    ("면세 한도", "duty-free threshold"),
    ("부가세 환급", "VAT refund"),
    ("개인정보 국외 이전", "transfer of personal data abroad"),
    ("회원가입 본인인증", "identity checks at sign-up"),
    ("상표 등록", "trademark registration"),
    ("위조품 신고", "reporting counterfeits"),
    ("온라인 광고 심의", "online advertising review"),
    ("플랫폼 입점 심사", "platform seller vetting"),
    ("외국어 상품 정보", "foreign-language product information"),
    ("수출 실적 인정", "recognition of export results"),
    ("전자 세금계산서", "electronic tax invoices"),
    ("수입 허가", "import permits"),
]
PROBLEMS = [
    ("절차가 복잡하고 오래 걸립니다", "takes months and is complicated"),
    ("비용 부담이 큽니다", "is costly for small sellers"),
    ("기준이 자주 바뀝니다", "changes often without notice"),
    ("국내 인증 결과가 인정되지 않습니다", "does not accept Korean test results"),
    ("서류 요건이 과도합니다", "asks for excessive paperwork"),
    ("중소 쇼핑몰은 이용할 수 없습니다", "is out of reach for small online shops"),
    ("현지 소비자의 구매를 막습니다", "stops local shoppers from buying"),
    ("배송이 크게 지연됩니다", "delays delivery by weeks"),
]


def bench_texts(rnd, country):
    market_ko, market_en = MARKETS.get(country, ("해외", "abroad"))
    product_ko, product_en = rnd.choice(PRODUCTS)
    (topic_ko, topic_en), (other_ko, other_en) = rnd.sample(TOPICS, 2)
    problem_ko, problem_en = rnd.choice(PROBLEMS)
    return {
        "title_ko": f"{market_ko} {product_ko} {topic_ko} 부담",
        "title_en": f"{topic_en.capitalize()} for {product_en} in {market_en}",
        "summary_ko": f"{market_ko}에 {product_ko}을 판매하는 업체는 {topic_ko} 때문에 어려움을 겪습니다. "
        f"{topic_ko} 관련 {problem_ko}. {other_ko} 문제도 함께 제기되었습니다.",
        "summary_en": f"Sellers of {product_en} to {market_en} struggle with {topic_en}: it {problem_en}. "
        f"Problems with {other_en} were raised too.",
    }


def prepare():
    """Publish every bench barrier with generated public texts, seed the demo set, build the index."""
    from functools import lru_cache

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from barriers.matching import index
    from barriers.models import Barrier, Publication, PublicVersion, SearchCorpus

    original = index.terms
    cached = lru_cache(maxsize=None)(lambda text: tuple(original(text)))
    index.terms = lambda text: list(cached(text))  # the texts repeat: tokenise each one once
    try:
        from barriers.management.commands.seed_demo import demo_barriers_by_reference

        demo = [barrier.pk for barrier in demo_barriers_by_reference().values()]
        bench = Barrier.objects.exclude(pk__in=demo)  # the demo barriers keep their own public texts
        missing = bench.filter(publication__isnull=True)
        if missing.exists():
            started = time.time()
            rnd = random.Random(11)
            now = timezone.now()
            ids = list(missing.values_list("pk", "country"))
            with transaction.atomic():
                for start in range(0, len(ids), 5000):
                    chunk = ids[start : start + 5000]
                    versions = PublicVersion.objects.bulk_create(
                        [
                            PublicVersion(
                                barrier_id=pk, number=1, proposed_at=now, approved_at=now, **bench_texts(rnd, cc)
                            )
                            for pk, cc in chunk
                        ]
                    )
                    Publication.objects.bulk_create(
                        [
                            Publication(
                                barrier_id=v.barrier_id,
                                state="published",
                                live=v,
                                first_published_at=now,
                                public_updated_at=now,
                            )
                            for v in versions
                        ]
                    )
            with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give them later
                cursor.execute("ANALYZE")
            print(f"  published {len(ids):,} bench barriers ({time.time() - started:.0f}s)", flush=True)
        published = Publication.objects.published().count()
        indexed = dict(SearchCorpus.objects.values_list("scope", "documents"))
        if indexed.get("public") != published or indexed.get("all") != Barrier.objects.count():
            started = time.time()
            call_command("rebuild_search_index")
            print(f"  search index built ({time.time() - started:.0f}s)", flush=True)
        from tests.matching_support import load_demo_register

        load_demo_register()  # seed_demo (idempotent) and every demo barrier published
    finally:
        index.terms = original


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def latency():
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("the latency part needs PostgreSQL (DATABASE_URL=postgres://...)")
    setup_django(url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client

    from barriers.models import Barrier, Publication
    from tests.matching_support import load_cases

    total = Barrier.objects.count()
    if total < 100_000:
        sys.exit(f"{total:,} barriers: build the data first (bench/build_data.py with DATABASE_URL={url})")
    prepare()
    published = Publication.objects.published().count()
    print(f"Register: {Barrier.objects.count():,} barriers, {published:,} published.", flush=True)
    coordinator = get_user_model().objects.get(username="coordinator")
    cases = load_cases()
    print_hits(coordinator, cases, label=f"at {total:,} barriers, ")

    settings.DEBUG = True  # count queries
    anonymous, officer = Client(), Client()
    officer.force_login(coordinator)
    rnd = random.Random(5)
    timings = {"anonymous": [], "coordinator": []}
    queries = {"anonymous": set(), "coordinator": set()}
    texts = list(cases)
    for client in (anonymous, officer):  # warm up (Kiwi, caches)
        client.get("/public/barriers/similar/", {"text": texts[0]["text"]})
    for _round in range(4):
        rnd.shuffle(texts)
        for case in texts:
            for client, who in ((anonymous, "anonymous"), (officer, "coordinator")):
                params = {"text": case["text"]}
                if case["country"]:
                    params["country"] = case["country"]
                if case["category"]:
                    params["category"] = case["category"]
                reset_queries()
                started = time.perf_counter()
                response = client.get("/public/barriers/similar/", params)
                timings[who].append((time.perf_counter() - started) * 1000)
                queries[who].add(len(connection.queries))
                assert response.status_code == 200, response.content
    for who, values in timings.items():
        print(
            f"  GET /public/barriers/similar/ as {who}: {len(values)} requests, p50 {percentile(values, 50):.0f} ms, "
            f"p95 {percentile(values, 95):.0f} ms, max {max(values):.0f} ms; queries per request "
            f"{sorted(queries[who])} (target: p95 under 200 ms)",
            flush=True,
        )
    page_timings = []
    for _ in range(30):
        started = time.perf_counter()
        anonymous.get("/public/barriers/", {"page": rnd.randrange(1, 50)})
        page_timings.append((time.perf_counter() - started) * 1000)
    print(
        f"  GET /public/barriers/ (a page of 20 of {published:,}): p50 {percentile(page_timings, 50):.0f} ms, "
        f"p95 {percentile(page_timings, 95):.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hits", action="store_true")
    parser.add_argument("--latency", action="store_true")
    parser.add_argument("--hits-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hits_child:
        return hits_child()
    both = not (args.hits or args.latency)
    failed = 0
    if args.hits or both:
        print("== Matching: hit rates on the labelled set (tests/matching_cases.json)", flush=True)
        failed += hits() != 0
    if args.latency or both:
        print("== Matching: the similar endpoint at 100,000 barriers (PostgreSQL)", flush=True)
        latency()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
