"""Member-facing views: registering and cancelling, the .ics files, the
personal calendar feed and the member's own registrations.

The whole site needs a logged-in member (LoginRequiredMiddleware); only the
personal feed is open, to calendar applications holding its secret token.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.models import MemberProfile
from core.security import visible_to

from . import ical, services
from .models import CalendarFeed, EventPage, Registration, member_time_zone

#: Events stay in the personal feed this long after they end.
FEED_KEEPS_PAST_EVENTS = datetime.timedelta(days=30)


class TimeZoneForm(forms.ModelForm):
    """The member's own time zone, in which event times are also shown."""

    class Meta:
        model = get_user_model()
        fields = ["time_zone"]


def live_event(event_id, user=None):
    """The live event, or 404 (also when its view restriction shuts the member out)."""
    return get_object_or_404(visible_to(EventPage.objects.live(), user), pk=event_id)


def member_registration(event, member):
    """The member's seat or waitlist place for the event, or None."""
    return Registration.objects.for_event(event).active().filter(member=member).first()


def in_current_language(events):
    """{translation_key: page}: each event's live translation in the active
    language where there is one, else the event itself (one query)."""
    pages = {event.translation_key: event for event in events}
    translations = (
        EventPage.objects.live()
        .filter(translation_key__in=pages.keys(), locale__language_code=translation.get_language())
        .select_related("locale")
    )
    pages.update({page.translation_key: page for page in translations})
    return pages


def redirect_back(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


@require_POST
def register(request, event_id):
    """Register the member in one click: a seat while there are some, else
    the next place on the waitlist."""
    event = live_event(event_id, request.user)
    try:
        listed = request.POST.get("listed") == "on"
        if listed:
            # Attendees are listed with their profile (created on first use).
            MemberProfile.for_user(request.user)
        registration, created = services.register(event, request.user, listed=listed)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        if not created:
            messages.info(request, _("You are already registered for this event."))
        elif registration.is_confirmed:
            messages.success(
                request, _("Your seat is confirmed. A confirmation e-mail is on its way.")
            )
        else:
            messages.warning(
                request,
                _(
                    "The event is full: you are number %(position)s on the waitlist. "
                    "We will e-mail you as soon as a seat frees up."
                )
                % {"position": registration.waitlist_position},
            )
    return redirect(event.get_url(request))


@require_http_methods(["GET", "POST"])
def cancel(request, event_id):
    """Cancel the member's registration; the first on the waitlist takes the
    seat. Opened with GET (the page's button without JavaScript), it asks
    for confirmation first."""
    event = live_event(event_id, request.user)
    registration = member_registration(event, request.user)
    if request.method == "GET":
        if registration is None:
            return redirect(event.get_url(request))
        return TemplateResponse(
            request,
            "events/confirm_cancel.html",
            {"event": event, "registration": registration, "next": request.GET.get("next", "")},
        )
    if registration is None:
        messages.info(request, _("You were not registered for this event."))
    else:
        waitlisted = registration.is_waitlisted
        try:
            services.cancel(registration, by=request.user)
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You have left the waitlist.")
                if waitlisted
                else _("Your registration is cancelled."),
            )
    return redirect_back(request, event.get_url(request))


@require_POST
def set_listed(request, event_id):
    """The member chooses whether they appear among the event's attendees
    (and the event on their profile)."""
    event = live_event(event_id, request.user)
    registration = member_registration(event, request.user)
    if registration is None:
        messages.info(request, _("You were not registered for this event."))
    else:
        registration.listed = request.POST.get("listed") == "on"
        registration.save(update_fields=["listed"])
        if registration.listed:
            MemberProfile.for_user(request.user)
        messages.success(
            request,
            _("You are now shown among the attendees.")
            if registration.listed
            else _("You are no longer shown among the attendees."),
        )
    return redirect_back(request, event.get_url(request))


@require_GET
def event_ics(request, event_id):
    """The event's .ics file; the video-conference link only for members
    whose seat is confirmed."""
    event = live_event(event_id, request.user)
    registration = member_registration(event, request.user)
    body = ical.event_calendar(
        event,
        url=request.build_absolute_uri(event.get_url(request)),
        show_link=registration is not None and registration.is_confirmed,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@login_not_required
@never_cache
@require_GET
def personal_feed(request, token):
    """A member's registrations as an iCal subscription, for calendar
    applications (no session: the secret token in the address is the key)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("member"), token=token)
    member = feed.member
    if not member.is_active:
        raise Http404
    registrations = list(
        Registration.objects.active()
        .filter(
            member=member,
            event__live=True,
            event__end__gte=timezone.now() - FEED_KEEPS_PAST_EVENTS,
        )
        .select_related("event")
        .order_by("event__start", "event_id")  # same start: in the order they were created
    )
    pages = in_current_language([registration.event for registration in registrations])
    vevents = []
    for registration in registrations:
        event = pages[registration.event.translation_key]
        vevents.append(
            ical.build_vevent(
                event,
                url=request.build_absolute_uri(event.get_url(request)),
                show_link=registration.is_confirmed,
                status=registration.status,
            )
        )
    body = ical.build_calendar(vevents, name=_("My CM Hub events"), refresh=True)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_GET
def my_registrations(request):
    """The member's seats and waitlist places, upcoming then past, with the
    address of their personal calendar feed and their time zone."""
    return render_my_registrations(request)


def render_my_registrations(request, time_zone_form=None, status=200):
    registrations = list(
        Registration.objects.active()
        .filter(member=request.user, event__live=True)
        .select_related("event__locale")  # a title in another language is marked
        .order_by("event__start", "event_id")  # same start: in the order they were created
    )
    pages = in_current_language([registration.event for registration in registrations])
    now = timezone.now()
    for registration in registrations:
        registration.page = pages[registration.event.translation_key]
    feed, _created = CalendarFeed.objects.get_or_create(member=request.user)
    context = {
        "upcoming": [r for r in registrations if r.event.end >= now],
        "past": [r for r in registrations if r.event.end < now][::-1],
        "feed_url": request.build_absolute_uri(reverse("events:feed", args=[feed.token])),
        "time_zone_form": time_zone_form or TimeZoneForm(instance=request.user),
        "member_zone": member_time_zone(request.user),
        # The two confirmation dialogs: cancelling a seat, leaving a waitlist.
        "dialog_kinds": (False, True),
    }
    return TemplateResponse(request, "events/my_registrations.html", context, status=status)


@require_POST
def regenerate_feed(request):
    """Give the member's calendar feed a new secret address."""
    feed, _created = CalendarFeed.objects.get_or_create(member=request.user)
    feed.regenerate()
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe again with it: the old one no longer works."),
    )
    return redirect("events:my_registrations")


@require_POST
def set_time_zone(request):
    """Change the time zone in which the member also reads event times."""
    form = TimeZoneForm(request.POST, instance=request.user)
    if not form.is_valid():
        return render_my_registrations(request, time_zone_form=form, status=400)
    form.save()
    messages.success(request, _("Your time zone is saved."))
    return redirect_back(request, reverse("events:my_registrations"))
