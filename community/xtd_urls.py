"""django-comments-xtd's URLs (flag, like, dislike, mute, …) without its
REST API.

The API's Django REST framework views exempt themselves from
LoginRequiredMiddleware and let visitors read comments, which a private
intranet cannot allow; the site's pages need none of it.
"""

from django.urls import URLResolver
from django_comments_xtd.urls import urlpatterns as xtd_urlpatterns

urlpatterns = [
    pattern
    for pattern in xtd_urlpatterns
    if not (isinstance(pattern, URLResolver) and str(pattern.pattern).startswith("api/"))
]
