"""Members' pictures under /media/avatars/: shown as their profile is."""

from django.db.models import Q

from .models import MemberProfile


def avatar_rule(request, name):
    """The picture is served where its profile is: to its owner, and to
    every member when the profile is in the directory."""
    return (
        MemberProfile.objects.filter(avatar=name)
        .filter(
            Q(user_id=request.user.pk) | Q(pk__in=MemberProfile.objects.in_directory().values("pk"))
        )
        .exists()
    )
