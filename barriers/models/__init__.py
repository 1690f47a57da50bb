from .barrier import Barrier, barrier_history
from .calendar import ClosureDay
from .complaint import Complaint, ComplaintPause, EvidenceFile
from .ministry import Category, Membership, Ministry
from .progress import ProgressUpdate
from .sequence import ReferenceSequence

__all__ = [
    "Barrier",
    "Category",
    "ClosureDay",
    "Complaint",
    "ComplaintPause",
    "EvidenceFile",
    "Membership",
    "Ministry",
    "ProgressUpdate",
    "ReferenceSequence",
    "barrier_history",
]
