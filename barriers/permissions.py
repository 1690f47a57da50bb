"""Who may do what. Every entry point (admin, GraphQL, web pages, services) asks this module.

Roles: an officer changes barriers their ministry leads or supports; a coordinator changes any
barrier, reassigns ministries and reopens closed ones; an oversight reader changes nothing.
Everyone signed in with a membership (and superusers) reads every barrier; only officers and
coordinators see complainants' personal data.
"""

from .choices import Role


def role_of(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.COORDINATOR
    membership = getattr(user, "membership", None)
    return membership.role if membership else None


def ministry_id_of(user):
    membership = getattr(user, "membership", None) if user and user.is_authenticated else None
    return membership.ministry_id if membership else None


def is_officer(user):
    return role_of(user) == Role.OFFICER


def is_coordinator(user):
    return role_of(user) == Role.COORDINATOR


def can_read(user):
    return role_of(user) is not None


def can_write_anything(user):
    return role_of(user) in (Role.OFFICER, Role.COORDINATOR)


def filter_visible_barriers(queryset, user):
    """Row visibility for barriers: all rows to members, none to anyone else."""
    return queryset if can_read(user) else queryset.none()


def filter_visible_complaints(queryset, user):
    """Complaints are triaged by officers and coordinators; oversight sees them without PII."""
    return queryset if can_read(user) else queryset.none()


def can_view_personal_data(user):
    return role_of(user) in (Role.OFFICER, Role.COORDINATOR)


def can_create_barrier(user, lead_ministry_id=None, supporting_ids=()):
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    if role == Role.OFFICER:
        mine = ministry_id_of(user)
        return lead_ministry_id is None or mine == lead_ministry_id or mine in set(supporting_ids)
    return False


def can_change_barrier(user, barrier):
    """Edit fields, change status, post progress."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    if role == Role.OFFICER:
        return ministry_id_of(user) in barrier.ministry_ids()
    return False


def can_assign_ministries(user, barrier):
    return role_of(user) == Role.COORDINATOR


def can_reopen(user, barrier):
    return role_of(user) == Role.COORDINATOR


def can_add_progress(user, barrier):
    return can_change_barrier(user, barrier)


def can_triage_complaint(user, complaint=None):
    """Any officer may pick up an unassigned complaint; once it has an answering ministry, only
    that ministry's officers (and coordinators) act on it."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    if role == Role.OFFICER:
        return complaint is None or complaint.answering_ministry_id in (None, ministry_id_of(user))
    return False


def can_view_evidence(user, complaint=None):
    return can_view_personal_data(user)
