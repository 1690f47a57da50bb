"""Matching complaints to barriers: "is this already known?" for SMEs, and the triage search for officers.

- `tokens`: text -> search terms (Kiwi for Korean, Snowball for English, a small domain thesaurus).
- `index`: the stored inverted index (barriers.models.search), written by the barrier and
  publication services whenever the text of a barrier or of its public version changes.
- `search`: `similar_barriers(text, country=..., category=..., user=...)`, BM25 in portable SQL.

No HTTP here: the public endpoint, the complaint form and the officers' triage page call
`similar_barriers`.
"""
