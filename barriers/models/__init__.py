from .barrier import Barrier, barrier_history
from .complaint import Complaint, EvidenceFile
from .ministry import Category, Membership, Ministry
from .progress import ProgressUpdate
from .sequence import ReferenceSequence

__all__ = [
    "Barrier",
    "Category",
    "Complaint",
    "EvidenceFile",
    "Membership",
    "Ministry",
    "ProgressUpdate",
    "ReferenceSequence",
    "barrier_history",
]
