"""Writing the search index (barriers.models.search) for a barrier, in both scopes.

Called inside the services' transactions (barrier create/edit, publication approve/unpublish), so
the index never disagrees with what was committed. `rebuild()` recomputes everything (after a
change to the tokeniser, or for rows written around the services: `manage.py
rebuild_search_index`).

Each posting stores the BM25 term weight tf*(k1+1) / (tf + k1*(1 - b + b*len/avglen)) computed
with the average length at write time; the idf, which depends on the whole corpus, is computed
at search time from SearchTerm.documents.
"""

from collections import Counter

from django.db import connection, transaction
from django.db.models import F

from ..choices import PublicationState, SearchScope
from ..models import Barrier, Publication, SearchCorpus, SearchDocument, SearchPosting, SearchTerm
from .tokens import terms

K1 = 1.2
B = 0.75
TITLE_REPEAT = 2  # a title's words count twice: a title says what the barrier is about
MAX_TERM_LENGTH = 80


def public_document(version):
    """The public version's terms, both languages (an SME may write either)."""
    if version is None:
        return []
    return (terms(version.title_ko) + terms(version.title_en)) * TITLE_REPEAT + terms(
        version.summary_ko + "\n" + version.summary_en
    )


def internal_document(barrier, version=None):
    """Everything officers may match: the internal title, description and sectors, and the
    public version's wording when there is one."""
    words = terms(barrier.title) * TITLE_REPEAT + terms(barrier.description + "\n" + barrier.sectors)
    return words + public_document(version)


def _publication(barrier):
    try:
        return barrier.publication
    except Publication.DoesNotExist:
        return None


def _live_version(barrier):
    """The wording the public sees, or None when the barrier is not published."""
    publication = _publication(barrier)
    if publication is None or publication.state != PublicationState.PUBLISHED:
        return None
    return publication.live


def _current_version(barrier):
    """The wording officers' matching uses: the one awaiting approval if any, else the live one."""
    publication = _publication(barrier)
    return (publication.pending or publication.live) if publication else None


@transaction.atomic
def index_barrier(barrier):
    """(Re)index one barrier in both scopes from what is stored now."""
    barrier = Barrier.objects.select_related("publication__live", "publication__pending").get(pk=barrier.pk)
    write_document(barrier.pk, SearchScope.ALL, internal_document(barrier, _current_version(barrier)))
    live = _live_version(barrier)
    if live is None:
        remove_document(barrier.pk, SearchScope.PUBLIC)
    else:
        write_document(barrier.pk, SearchScope.PUBLIC, public_document(live))


def _corpus(scope):
    SearchCorpus.objects.get_or_create(scope=scope)
    return SearchCorpus.objects.select_for_update().get(scope=scope)  # serialises index writes per scope


def _old_state(barrier_id, scope):
    document = SearchDocument.objects.filter(barrier_id=barrier_id, scope=scope).first()
    old_ids = set(
        SearchPosting.objects.filter(barrier_id=barrier_id, term__scope=scope).values_list("term_id", flat=True)
    )
    return document, old_ids


def remove_document(barrier_id, scope):
    corpus = _corpus(scope)
    document, old_ids = _old_state(barrier_id, scope)
    if document is None and not old_ids:
        return
    SearchPosting.objects.filter(barrier_id=barrier_id, term_id__in=old_ids).delete()
    SearchTerm.objects.filter(pk__in=old_ids).update(documents=F("documents") - 1)
    if document is not None:
        SearchCorpus.objects.filter(pk=corpus.pk).update(
            documents=F("documents") - 1, total_length=F("total_length") - document.length
        )
        document.delete()


def bm25_weight(tf, length, average_length):
    norm = 1 - B + B * (length / average_length if average_length else 1)
    return tf * (K1 + 1) / (tf + K1 * norm)


def _term_ids(scope, texts):
    existing = dict(SearchTerm.objects.filter(scope=scope, text__in=texts).values_list("text", "pk"))
    missing = [t for t in texts if t not in existing]
    if missing:
        SearchTerm.objects.bulk_create([SearchTerm(scope=scope, text=t) for t in missing], ignore_conflicts=True)
        existing.update(SearchTerm.objects.filter(scope=scope, text__in=missing).values_list("text", "pk"))
    return existing


def write_document(barrier_id, scope, words):
    counts = Counter(w[:MAX_TERM_LENGTH] for w in words)
    if not counts:
        remove_document(barrier_id, scope)
        return
    corpus = _corpus(scope)
    document, old_ids = _old_state(barrier_id, scope)
    length = sum(counts.values())
    documents = corpus.documents + (0 if document else 1)
    total = corpus.total_length - (document.length if document else 0) + length
    average = total / documents if documents else length
    ids = _term_ids(scope, list(counts))
    new_ids = set(ids.values())

    SearchPosting.objects.filter(barrier_id=barrier_id, term_id__in=old_ids).delete()
    SearchPosting.objects.bulk_create(
        [
            SearchPosting(term_id=ids[text], barrier_id=barrier_id, weight=bm25_weight(tf, length, average))
            for text, tf in counts.items()
        ]
    )
    SearchTerm.objects.filter(pk__in=old_ids - new_ids).update(documents=F("documents") - 1)
    SearchTerm.objects.filter(pk__in=new_ids - old_ids).update(documents=F("documents") + 1)
    SearchCorpus.objects.filter(pk=corpus.pk).update(documents=documents, total_length=total)
    if document is None:
        SearchDocument.objects.create(barrier_id=barrier_id, scope=scope, length=length)
    elif document.length != length:
        SearchDocument.objects.filter(pk=document.pk).update(length=length)


def rebuild(barriers=None, *, batch_size=2000, progress=None):
    """Recompute the whole index from the barriers as stored (every scope, every count).

    Tokenises every barrier once (a few ms each); returns the number of barriers indexed.
    """
    barriers = barriers if barriers is not None else Barrier.objects.all()
    barriers = barriers.select_related("publication__live", "publication__pending").order_by("pk")
    docs = {SearchScope.ALL: {}, SearchScope.PUBLIC: {}}
    count = 0
    for barrier in barriers.iterator(chunk_size=batch_size):
        docs[SearchScope.ALL][barrier.pk] = Counter(
            w[:MAX_TERM_LENGTH] for w in internal_document(barrier, _current_version(barrier))
        )
        live = _live_version(barrier)
        if live is not None:
            docs[SearchScope.PUBLIC][barrier.pk] = Counter(w[:MAX_TERM_LENGTH] for w in public_document(live))
        count += 1
        if progress:
            progress(count)
    with transaction.atomic():
        SearchPosting.objects.all().delete()
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        SearchCorpus.objects.all().delete()
        for scope, by_barrier in docs.items():
            _bulk_write(scope, {pk: c for pk, c in by_barrier.items() if c}, batch_size)
        if connection.vendor == "postgresql":
            # Fresh statistics: without them the planner scans every posting (seconds, not ms).
            with connection.cursor() as cursor:
                for model in (SearchPosting, SearchTerm, SearchDocument):
                    cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return count


def _bulk_write(scope, by_barrier, batch_size):
    lengths = {pk: sum(c.values()) for pk, c in by_barrier.items()}
    documents = len(by_barrier)
    total = sum(lengths.values())
    average = total / documents if documents else 0
    df = Counter(text for c in by_barrier.values() for text in c)
    SearchCorpus.objects.create(scope=scope, documents=documents, total_length=total)
    SearchTerm.objects.bulk_create(
        [SearchTerm(scope=scope, text=t, documents=n) for t, n in df.items()], batch_size=batch_size
    )
    ids = dict(SearchTerm.objects.filter(scope=scope).values_list("text", "pk"))
    SearchDocument.objects.bulk_create(
        [SearchDocument(barrier_id=pk, scope=scope, length=n) for pk, n in lengths.items()], batch_size=batch_size
    )
    rows = (
        (ids[text], pk, bm25_weight(tf, lengths[pk], average))
        for pk, counts in by_barrier.items()
        for text, tf in counts.items()
    )
    if connection.vendor == "postgresql":
        # COPY: millions of postings in a minute or two, where INSERTs take many.
        table = SearchPosting._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" (term_id, barrier_id, weight) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    batch = []
    for term_id, pk, weight in rows:
        batch.append(SearchPosting(term_id=term_id, barrier_id=pk, weight=weight))
        if len(batch) >= batch_size * 20:
            SearchPosting.objects.bulk_create(batch)
            batch = []
    SearchPosting.objects.bulk_create(batch)
