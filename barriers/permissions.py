"""Who may do what. Every entry point (admin, GraphQL, web pages, services) asks this module.

Roles: an officer changes barriers their ministry leads or supports; a coordinator changes any
barrier, reassigns ministries and reopens closed ones; an oversight reader changes nothing.
Everyone signed in with a membership (and superusers) reads every barrier and every complaint's
facts; a complainant's personal data and evidence are for need-to-know only
(can_view_personal_data). A read-only API token narrows its user to an oversight reader (role_of).
"""

from .choices import Role

# Set on the request's user object by the API's token middleware for a token of scope "read".
READ_ONLY_ATTR = "_tracker_read_only"


def narrow_to_read_only(user):
    """This user acts through a read-only credential: every rule below treats them as an
    oversight reader (reads what a member reads, never writes, never sees personal data)."""
    setattr(user, READ_ONLY_ATTR, True)
    return user


def role_of(user):
    """The one place a caller's role is decided; every rule below starts here."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        role = Role.COORDINATOR
    else:
        membership = getattr(user, "membership", None)
        role = membership.role if membership else None
    if role is not None and getattr(user, READ_ONLY_ATTR, False):
        return Role.OVERSIGHT
    return role


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
    """Every member reads complaints' facts; the person behind one is can_view_personal_data's."""
    return queryset if can_read(user) else queryset.none()


def complaint_owner_id(complaint):
    """The ministry that holds a complaint: the one answering it, before that the one it was
    routed to on arrival (None when neither: then only coordinators hold it)."""
    return complaint.answering_ministry_id or complaint.routed_ministry_id


def complaint_owner_expression():
    """complaint_owner_id as an SQL expression, for counts per ministry (the scorecard)."""
    from django.db.models.functions import Coalesce

    return Coalesce("answering_ministry_id", "routed_ministry_id")


def can_view_personal_data(user, complaint):
    """Need-to-know: the complainant's name, company, registration number, e-mail, phone and
    evidence go to coordinators and to the officers of the ministry holding the complaint.
    Everyone else (other ministries, oversight, read tokens) sees the facts without the person.
    Reads only the complaint's own columns: free to ask per row."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    if role == Role.OFFICER:
        owner = complaint_owner_id(complaint)
        return owner is not None and owner == ministry_id_of(user)
    return False


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


def can_view_linked_complaints(user, barrier):
    """The complaints linked to a barrier (their facts, not the person): the lead ministry's
    officers, who answer for the barrier, and coordinators."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    return role == Role.OFFICER and ministry_id_of(user) == barrier.lead_ministry_id


def barrier_actions(user, barrier):
    """The actions the barrier page offers this user: a subset of
    {"status", "progress", "edit", "assign", "reopen"}. The services ask the same rules again."""
    from . import transitions

    actions = set()
    if can_change_barrier(user, barrier):
        actions |= {"progress", "edit"}
        if any(not transitions.is_reopening(barrier.status, t) for t in transitions.allowed_targets(barrier.status)):
            actions.add("status")
    if can_assign_ministries(user, barrier):
        actions.add("assign")
    if can_reopen(user, barrier) and any(
        transitions.is_reopening(barrier.status, t) for t in transitions.allowed_targets(barrier.status)
    ):
        actions.add("reopen")
    return actions


def can_triage_complaint(user, complaint=None):
    """Coordinators act on any complaint; officers on those their ministry holds (answering, or
    routed to it and not yet answered), and on a complaint that no ministry holds yet. Without a
    complaint: may this user triage at all."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    if role == Role.OFFICER:
        return complaint is None or complaint_owner_id(complaint) in (None, ministry_id_of(user))
    return False


def can_reroute_complaint(user, complaint=None):
    """Re-routing a complaint to another ministry (whoever holds it now): coordinators only."""
    return role_of(user) == Role.COORDINATOR


def can_hand_on_complaint(user, complaint):
    """Handing a complaint on to another ministry, with a reason: the officers of the ministry
    holding it (routed to it, or answering it). Coordinators re-route instead."""
    if role_of(user) != Role.OFFICER:
        return False
    owner = complaint_owner_id(complaint)
    return owner is not None and owner == ministry_id_of(user)


def can_view_escalations(user):
    """What the escalation ladder has sent (/workspace/escalations/): coordinators, who act on it,
    and oversight readers, who watch for stalls. Officers hear of their own steps by mail."""
    return role_of(user) in (Role.COORDINATOR, Role.OVERSIGHT)


def can_manage_closure_days(user):
    """Closure days (temporary holidays) move every open complaint's deadlines: coordinators only."""
    return role_of(user) == Role.COORDINATOR


def can_route_categories(user):
    """Which ministry receives each category's complaints on arrival (Category.default_ministry):
    coordinators only."""
    return role_of(user) == Role.COORDINATOR


def can_view_evidence(user, complaint):
    """Evidence files carry the person as much as the form does: the same need-to-know rule."""
    return can_view_personal_data(user, complaint)


# --- the public register and matching ------------------------------------------------------------


def public_barriers(queryset):
    """What anyone, signed in or not, may see on the public register: published barriers only
    (their public version; the internal texts are never shown there)."""
    from .choices import PublicationState

    return queryset.filter(publication__state=PublicationState.PUBLISHED)


def can_match_internal(user):
    """Matching over every barrier and all its texts (the triage search): members of the tracker.
    Everyone else matches published barriers on their public version only."""
    return can_read(user)


def can_propose_publication(user, barrier):
    """An owning officer (lead or supporting ministry) or a coordinator writes the public version."""
    return can_change_barrier(user, barrier)


def can_approve_publication(user, barrier=None):
    """Only a coordinator puts a barrier on the public register (or sends a proposal back)."""
    return role_of(user) == Role.COORDINATOR


def can_unpublish(user, barrier):
    """Taking a barrier off the register is the safe direction: its owners may, as coordinators may."""
    return can_change_barrier(user, barrier)


# --- internal notes, follows, saved views, feeds (issue 16) --------------------------------------


def can_read_notes(user):
    """Internal notes: officers, coordinators and oversight readers; never a complainant or the
    public (no page of theirs shows them)."""
    return can_read(user)


def filter_visible_notes(queryset, user):
    return queryset if can_read_notes(user) else queryset.none()


def can_add_note(user, subject=None):
    """Officers of any ministry and coordinators write notes (a note changes nothing on the barrier
    or complaint); an oversight reader, like a read token, changes nothing."""
    return can_write_anything(user)


def can_edit_note(user, note, now):
    """Only its author, and only within the edit window; after that a correction is a new note."""
    return can_add_note(user) and note.author_id == user.pk and now <= note.editable_until()


def can_be_mentioned(user):
    """An @mention mails someone who can read the note it is in."""
    return can_read_notes(user)


def can_follow(user):
    """Following, saved views, digests and feeds: every member (they only read)."""
    return can_read(user)


def owns_saved_view(user, saved_view):
    return can_follow(user) and saved_view.owner_id == user.pk


# --- market strategies ---------------------------------------------------------------------------


def can_manage_market_profiles(user):
    """Add a market guide for another market, and name the ministries responsible for an area."""
    return role_of(user) == Role.COORDINATOR


def can_edit_market_area(user, area):
    """A market profile's strategy area (its texts, sources, review): coordinators, and the officers
    of the ministries responsible for that area (MarketArea.ministries)."""
    role = role_of(user)
    if role == Role.COORDINATOR:
        return True
    if role == Role.OFFICER:
        return ministry_id_of(user) in area.ministry_ids()
    return False


def can_manage_market_indicators(user):
    """Importing a market's export series (the command runs as the system; in the app, coordinators)."""
    return role_of(user) == Role.COORDINATOR
