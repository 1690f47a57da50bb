"""The stored search index of barriers (an inverted index), written by barriers/matching/index.py.

Two scopes (choices.SearchScope): `public` holds the public version of published barriers only,
`all` every barrier's internal and public texts. Ranking is BM25 computed in plain SQL over these
tables (barriers/matching/search.py), so SQLite and PostgreSQL rank alike.
"""

from django.db import models

from ..choices import SearchScope


class SearchTerm(models.Model):
    scope = models.CharField(max_length=8, choices=SearchScope.choices)
    text = models.CharField(max_length=80)
    documents = models.PositiveIntegerField(default=0)  # document frequency, for the idf

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "text"], name="search_term_unique")]

    def __str__(self):
        return f"{self.scope}:{self.text}"


class SearchDocument(models.Model):
    barrier = models.ForeignKey("barriers.Barrier", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=8, choices=SearchScope.choices)
    length = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["barrier", "scope"], name="search_document_unique")]

    def __str__(self):
        return f"{self.scope}:{self.barrier_id}"


class SearchCorpus(models.Model):
    """Per scope: how many documents and how many terms in all (for the average length)."""

    scope = models.CharField(max_length=8, choices=SearchScope.choices, primary_key=True)
    documents = models.PositiveIntegerField(default=0)
    total_length = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.scope}: {self.documents} documents"


class SearchPosting(models.Model):
    """One term in one barrier's document, with its BM25 term weight (frequency and length part)."""

    pk = models.CompositePrimaryKey("term", "barrier")
    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="+", db_index=False)
    barrier = models.ForeignKey("barriers.Barrier", on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField()

    class Meta:
        indexes = [
            # PostgreSQL answers a search from this index alone (SQLite skips covering indexes).
            models.Index(fields=["term", "barrier"], include=["weight"], name="search_posting_covering"),
        ]

    def __str__(self):
        return f"{self.term_id}:{self.barrier_id}"
