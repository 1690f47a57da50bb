"""similar_barriers(): the barriers that resemble a text, best first, with a score.

Method: the text goes through the same tokeniser as the barriers (matching.tokens); each of its
terms weighs idf x (1 + ln tf) (syllable bigrams less); the stored postings of the caller's scope
are summed per barrier in one SQL aggregate (plain CASE/SUM, so SQLite and PostgreSQL rank
alike); the best candidates are fetched, the one in the category the SME chose gets a small lift,
and those under a minimum score are dropped. Four queries whatever the size of the register.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, F, FloatField, Sum, Value, When

from .. import permissions
from ..choices import SearchScope
from ..models import Barrier, Category, SearchCorpus, SearchPosting, SearchTerm
from .tokens import BIGRAM_PREFIX, terms

MAX_TEXT = 6000  # characters read from the text (the complaint form allows 5,000)
MAX_QUERY_TERMS = 32  # the most telling terms of a long story are enough, and keep the SQL small
# The SQL sums at most about this many postings: terms are taken rarest first while their
# document counts fit. A term found in thousands of barriers weighs little (its idf is low) and
# costs the most; on a small register every term fits.
POSTINGS_BUDGET = 20_000
BIGRAM_WEIGHT = 0.3
CANDIDATES = 30
CATEGORY_LIFT = 1.15
MIN_SCORE = 0.12


@dataclass(frozen=True)
class Match:
    barrier: Barrier
    score: float  # 0..1: the share of the text's (weighted) terms the barrier matches


def similar_barriers(text, *, country=None, category=None, user=None, limit=5, published_only=False):
    """The barriers most like `text` (an SME's complaint, an officer's search), best first.

    - `country`: ISO code; only barriers of that market (a barrier is logged per market).
    - `category`: a Category, its code or its id; barriers in it rank a little higher (SMEs often
      pick a neighbouring category, so it does not exclude).
    - `user`: who asks. Anonymous callers (and `published_only=True`) match only published
      barriers, on their public version; members of the tracker (permissions.can_match_internal)
      match every barrier on all its texts.
    - Returns at most `limit` `Match(barrier, score)`; barriers come with lead_ministry, category
      and publication (with its live version) joined.
    """
    internal = permissions.can_match_internal(user) and not published_only
    scope = SearchScope.ALL if internal else SearchScope.PUBLIC
    counts = Counter(terms((text or "")[:MAX_TEXT]))
    if not counts or limit <= 0:
        return []
    corpus = SearchCorpus.objects.filter(scope=scope).values_list("documents", flat=True).first()
    if not corpus:
        return []
    known = SearchTerm.objects.filter(scope=scope, text__in=list(counts), documents__gt=0).values_list(
        "pk", "text", "documents"
    )
    known = {term: (pk, documents) for pk, term, documents in known}
    frequency = {pk: documents for pk, documents in known.values()}
    weights, ideal = {}, []
    for term, tf in counts.items():
        pk, documents = known.get(term, (None, 0))
        idf = math.log(1 + (corpus - documents + 0.5) / (documents + 0.5))
        weight = idf * (1 + math.log(tf)) * (BIGRAM_WEIGHT if term.startswith(BIGRAM_PREFIX) else 1)
        ideal.append(weight)  # terms no barrier has count too: they are part of what the text says
        if pk is not None:
            weights[pk] = weight
    if not weights:
        return []
    chosen, budget = [], POSTINGS_BUDGET
    for pk in sorted(weights, key=lambda pk: (-weights[pk], pk)):
        if len(chosen) == MAX_QUERY_TERMS:
            break
        if frequency[pk] <= budget or not chosen:
            chosen.append(pk)
            budget -= frequency[pk]
    # The score is the share of the text's most telling terms that the barrier matches (a term
    # matched once in a document of average length counts its full weight).
    ideal = sum(sorted(ideal, reverse=True)[:MAX_QUERY_TERMS])

    postings = SearchPosting.objects.filter(term_id__in=chosen)
    if country:
        postings = postings.filter(barrier__country=str(country).upper())
    whens = [When(term_id=pk, then=Value(weights[pk])) for pk in chosen]
    ranked = (
        postings.values("barrier_id")
        .annotate(raw=Sum(F("weight") * Case(*whens, default=Value(0.0), output_field=FloatField())))
        .order_by("-raw", "barrier_id")[:CANDIDATES]
    )
    raw = {row["barrier_id"]: row["raw"] for row in ranked}
    if not raw:
        return []

    barriers = Barrier.objects.filter(pk__in=raw).select_related("lead_ministry", "category", "publication__live")
    if not internal:
        barriers = permissions.public_barriers(barriers)  # the index says so already; the rule says it too
    category_id = _category_id(category)
    matches = []
    for barrier in barriers:
        lift = CATEGORY_LIFT if category_id and barrier.category_id == category_id else 1
        score = min(1.0, raw[barrier.pk] * lift / ideal)
        if score >= MIN_SCORE:
            matches.append(Match(barrier, round(score, 3)))
    matches.sort(key=lambda m: (-m.score, m.barrier.reference))
    return matches[:limit]


def _category_id(category):
    if category is None or category == "":
        return None
    if isinstance(category, Category):
        return category.pk
    if isinstance(category, int) or str(category).isdigit():
        return int(category)
    return Category.objects.filter(code=category).values_list("pk", flat=True).first()
