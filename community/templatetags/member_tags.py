"""The cached parts of the members directory and profiles
(community/member_cache.py)."""

from django import template

from community.member_cache import members_fragment

register = template.Library()
register.tag("members_fragment", members_fragment)
