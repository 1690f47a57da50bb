from .barrier import Barrier, barrier_history
from .calendar import ClosureDay
from .complaint import Complaint, ComplaintPause, EvidenceFile
from .escalation import Escalation
from .follow import DigestSubscription, FeedToken, Follow, Note, SavedView
from .market import MarketArea, MarketIndicator, MarketProfile
from .ministry import Category, Membership, Ministry
from .progress import ProgressUpdate
from .publication import Publication, PublicVersion
from .search import SearchCorpus, SearchDocument, SearchPosting, SearchTerm
from .sequence import ReferenceSequence

__all__ = [
    "Barrier",
    "Category",
    "ClosureDay",
    "Complaint",
    "ComplaintPause",
    "DigestSubscription",
    "Escalation",
    "EvidenceFile",
    "FeedToken",
    "Follow",
    "Note",
    "SavedView",
    "MarketArea",
    "MarketIndicator",
    "MarketProfile",
    "Membership",
    "Ministry",
    "ProgressUpdate",
    "PublicVersion",
    "Publication",
    "SearchCorpus",
    "SearchDocument",
    "SearchPosting",
    "SearchTerm",
    "ReferenceSequence",
    "barrier_history",
]
