"""What the apps above community add to a member's profile and data.

Community names no app above it, not even as a string: each app that keeps
something about members registers it here from its ``AppConfig.ready``, the
way Wagtail's hooks work (registrations for events, members' proposals and
the resources they shared).

- ``register_member_data(key, collect)``: ``collect(user)`` gives the
  JSON-ready list the member's data export holds under ``key``;
- ``register_shared_pages(find)``: ``find(member)`` gives the ids of the
  pages the member shared (a subquery), listed on their profile when live;
- ``register_profile_pages(key, label, find)``: ``find(member, viewer)``
  gives the pages (one query, only those ``viewer`` may see) listed on the
  member's profile under ``label`` (the upcoming events they chose to show).
"""

_member_data = {}
_shared_pages = []
_profile_pages = {}


def register_member_data(key, collect):
    """Add ``key`` to the member's data export, filled by ``collect(user)``."""
    _member_data[key] = collect


def register_shared_pages(find):
    """Pages ``find(member)`` names are listed on the member's profile."""
    if find not in _shared_pages:
        _shared_pages.append(find)


def member_data(user):
    """{key: list} of what each registered app keeps about the member, in
    the order the apps registered (their order in INSTALLED_APPS)."""
    return {key: collect(user) for key, collect in _member_data.items()}


def shared_page_finders():
    """The registered ``find(member)`` functions (see `register_shared_pages`)."""
    return list(_shared_pages)


def register_profile_pages(key, label, find):
    """List the pages ``find(member, viewer)`` gives on members' profiles."""
    _profile_pages[key] = (label, find)


def profile_sections(member, viewer):
    """[(key, label, pages)] of the registered profile sections."""
    return [(key, label, find(member, viewer)) for key, (label, find) in _profile_pages.items()]
