"""One pagination helper for every listing."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, items, per_page=12, param="page"):
    """Return the requested page of `items`; out-of-range or malformed page
    numbers fall back to the nearest valid page instead of failing."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get(param, 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
