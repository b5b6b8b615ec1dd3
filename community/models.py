"""The community's building blocks: members, institutions, people, topics."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .validators import domain_validator, validate_avatar, validate_http_url, validate_x_handle


def verified_address(user_id, email):
    """Whether the account (outer references to its id and e-mail) has
    verified its e-mail address with allauth."""
    return Exists(
        EmailAddress.objects.filter(
            user_id=OuterRef(user_id), email__iexact=OuterRef(email), verified=True
        )
    )


class MemberManager(UserManager):
    """Members log in with their e-mail address; usernames are internal."""

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def verified_members(self):
        """Active accounts whose e-mail address is verified: the only ones
        other members may see anywhere. Anyone can sign up with an address
        of a member institution's domain under any name; until they prove
        the address is theirs, they are nobody."""
        return self.filter(verified_address("pk", "email"), is_active=True)


class TimeZone(models.TextChoices):
    """The time zones where the community's events take place and its
    members live (IANA names; Montréal keeps Toronto's rules)."""

    PARIS = "Europe/Paris", _("Paris (Central European Time)")
    MONTREAL = "America/Toronto", _("Montréal (Eastern Time)")
    BRUSSELS = "Europe/Brussels", _("Brussels")
    ZURICH = "Europe/Zurich", _("Zurich")


class User(AbstractUser):
    """A member of CM Hub (also editors and moderators, through their groups)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
        help_text=_("Language of the e-mails CM Hub sends you."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.PARIS,
        help_text=_("Event times are also shown in this time zone."),
    )

    objects = MemberManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [
            # The directory's order: a page of it reads 24 members in
            # order instead of sorting every listed member.
            models.Index(fields=["last_name", "first_name", "id"], name="member_directory_order"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    BUSINESS_SCHOOL = "business_school", _("Business school")
    GRANDE_ECOLE = "grande_ecole", _("Grande école")
    ENGINEERING_SCHOOL = "engineering_school", _("Engineering school")
    CEGEP = "cegep", _("Cégep")
    TRAINING_INSTITUTE = "training_institute", _("Training institute")
    EMPLOYER = "employer", _("Employer")
    ASSOCIATION = "association", _("Association")


class Country(models.TextChoices):
    FRANCE = "FR", _("France")
    CANADA = "CA", _("Canada")
    BELGIUM = "BE", _("Belgium")
    SWITZERLAND = "CH", _("Switzerland")
    LUXEMBOURG = "LU", _("Luxembourg")
    OTHER = "XX", _("Other")


class Institution(index.Indexed, ClusterableModel):
    """A university, school, cégep, employer or association whose CMs take part.

    Not translatable: an institution keeps its own name in every language.
    Its staff's e-mail domains decide who may sign up (see the members issue).
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("Acronym, e.g. UQAM.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.FRANCE
    )
    region = models.CharField(
        _("region or province"),
        max_length=100,
        blank=True,
        help_text=_("E.g. Île-de-France, Auvergne-Rhône-Alpes, Québec."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldPanel("city"),
            ],
            heading=_("Location"),
        ),
        FieldPanel("website"),
        FieldPanel("logo"),
        InlinePanel(
            "email_domains",
            heading=_("E-mail domains"),
            label=_("Domain"),
            help_text=_("Domains its staff use, e.g. univ-exemple.fr."),
        ),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("short_name", boost=3),
        index.AutocompleteField("name"),
        index.AutocompleteField("short_name"),
        index.SearchField("city"),
        index.SearchField("region"),
        index.FilterField("kind"),
        index.FilterField("country"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    @classmethod
    def for_email(cls, email):
        """The institution whose staff use this e-mail address's domain, if any."""
        domain = email.rpartition("@")[2].strip().lower()
        if not domain:
            return None
        return cls.objects.filter(email_domains__domain=domain).first()


class InstitutionEmailDomain(Orderable):
    """An e-mail domain used by an institution's staff (one per row, unique)."""

    institution = ParentalKey(Institution, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(
        _("domain"), max_length=253, unique=True, validators=[domain_validator]
    )

    panels = [FieldPanel("domain")]

    class Meta(Orderable.Meta):
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class XHandleMixin:
    """The X profile address of a model with an `x_handle` field (people and
    members' profiles)."""

    @property
    def x_url(self):
        return f"https://x.com/{self.x_handle.lstrip('@')}" if self.x_handle else ""


class Person(XHandleMixin, TranslatableMixin, index.Indexed, models.Model):
    """A speaker or an author. Translatable: role and bio are read in both
    languages; the name stays the same."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    role = models.CharField(
        _("role"), max_length=255, blank=True, help_text=_("E.g. Community manager.")
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    bio = RichTextField(_("short bio"), blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    x_handle = models.CharField(
        _("X/Twitter handle"),
        max_length=50,
        blank=True,
        validators=[validate_x_handle],
    )
    website = models.URLField(_("website or blog"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldPanel("role"),
        FieldPanel("institution"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("x_handle"), FieldPanel("website")],
            heading=_("Social handles"),
        ),
    ]

    search_fields = [
        index.SearchField("first_name", boost=2),
        index.SearchField("last_name", boost=3),
        index.AutocompleteField("first_name"),
        index.AutocompleteField("last_name"),
        index.SearchField("role"),
        index.SearchField("bio"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        """The speaker page, in the active language."""
        return reverse("members:speaker", args=[self.pk, self.slug])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def slug(self):
        """The name in the speaker page's address (decorative: the id finds the person)."""
        return slugify(self.full_name) or "-"


class Speaker(Orderable):
    """A person who speaks at something, in the order shown: the base of an
    event's and a talk's speakers. The concrete model adds ``page``, the
    ParentalKey to its page (``related_name="speakers"``)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A subject of the managed taxonomy (e-reputation, crisis management…),
    translated so that filters read naturally in each language."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Used in filter URLs; keep it short.")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class PlatformQuerySet(models.QuerySet):
    """Platforms as pages refer to them, and as members read them."""

    def canonical(self):
        """The platforms of the default language: the rows pages, filters and
        search documents refer to, whatever the language they are read in."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def localized(self, language=None):
        """Each platform with `label`, its name in `language` (default: the
        active language) when an editor translated it, else its own name;
        ordered by that label. Still one query."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        translated = Platform.objects.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=language
        ).values("name")[:1]
        return self.annotate(label=Coalesce(Subquery(translated), F("name"))).order_by(
            "label", "pk"
        )

    def with_names(self):
        """Each platform with its name in every content language (see
        `Platform.names`), still one query: search documents carry them all."""
        return self.annotate(
            **{
                Platform.name_attribute(code): Subquery(
                    Platform.objects.filter(
                        translation_key=OuterRef("translation_key"), locale__language_code=code
                    ).values("name")[:1]
                )
                for code, _language in settings.WAGTAIL_CONTENT_LANGUAGES
            }
        )


class Platform(TranslatableMixin, index.Indexed, models.Model):
    """A social network or publishing channel (Facebook, LinkedIn, a blog…).

    A snippet rather than a fixed list: platforms come and go faster than
    releases. Translatable (wagtail-localize): brand names stay as they are,
    descriptive ones ("Plateformes de partage de documents") are translated.
    Pages always point at the default language's row, whose slug is the
    platform's identity in filters and search; the slug is synchronised,
    never translated. Members read `label` (`Platform.objects.localized()`).
    """

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60)

    objects = PlatformQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_platform_slug_per_locale"
            ),
            models.UniqueConstraint(
                fields=["name", "locale"], name="unique_platform_name_per_locale"
            ),
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def name_attribute(language_code):
        return "name_" + language_code.replace("-", "_")

    def names(self):
        """Its names in every content language, each once (a brand name is
        the same everywhere). Needs a row from `Platform.objects.with_names()`."""
        names = [
            getattr(self, self.name_attribute(code))
            for code, _language in settings.WAGTAIL_CONTENT_LANGUAGES
        ]
        return list(dict.fromkeys(name for name in names if name))


class AudienceKind(models.TextChoices):
    STUDENTS = "students", _("Students")
    STAFF = "staff", _("Staff")
    TEACHERS = "teachers", _("Teachers")
    COMMUNITY_MANAGERS = "community_managers", _("Community managers")


class Audience(models.Model):
    """Who a resource or an event is for. A fixed list (created by migration)
    whose labels are translated with the interface."""

    kind = models.CharField(_("kind"), max_length=32, choices=AudienceKind.choices, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return str(self.get_kind_display())


# --- Joining and member profiles -----------------------------------------------


def invitation_token():
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + datetime.timedelta(days=Invitation.VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Invitations neither accepted nor expired."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=now or timezone.now())

    def for_email(self, email):
        return self.filter(email__iexact=email.strip())


class Invitation(models.Model):
    """An editor's invitation to join CM Hub, for an address whose domain is
    not one of a registered institution's (a freelancer, a new partner…).

    The e-mail carries a link to the sign-up page with the token; the invited
    address may then sign up whatever its domain, until the invitation
    expires. Verifying the address is still required before the first login.
    """

    VALID_DAYS = 14

    email = models.EmailField(_("e-mail address"))
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)

    objects = InvitationQuerySet.as_manager()

    panels = [FieldPanel("email"), FieldPanel("expires_at")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def is_pending(self):
        return self.accepted_at is None and self.expires_at > timezone.now()

    @property
    def status(self):
        if self.accepted_at:
            return _("Accepted")
        return _("Pending") if self.is_pending else _("Expired")


def avatar_path(instance, filename):
    return f"avatars/{secrets.token_hex(16)}.{filename.rpartition('.')[2].lower()[:5]}"


class SpokenLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    GERMAN = "de", _("German")
    ITALIAN = "it", _("Italian")
    PORTUGUESE = "pt", _("Portuguese")
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")


class DigestFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("Never")


class MemberProfileQuerySet(models.QuerySet):
    def in_directory(self):
        """Profiles members chose to show, of active accounts with a verified
        e-mail address (see `MemberManager.verified_members`): the one
        question every listing of members asks (directory, profile pages,
        search and its suggestions, "shared by")."""
        return self.filter(
            verified_address("user_id", "user__email"),
            visible_in_directory=True,
            user__is_active=True,
        )


class MemberProfile(XHandleMixin, models.Model):
    """What a member tells the community about themself, and what they
    choose to show. Created on demand (`for_user`), institution prefilled
    from the e-mail domain."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_profiles",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(
        _("short bio"),
        max_length=600,
        blank=True,
        validators=[MaxLengthValidator(600)],
        help_text=_("Plain text, 600 characters at most."),
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True, validators=[validate_http_url])
    x_handle = models.CharField(
        _("X/Twitter handle"),
        max_length=31,
        blank=True,
        validators=[validate_x_handle],
    )
    website = models.URLField(_("website or blog"), blank=True, validators=[validate_http_url])
    avatar = models.ImageField(
        _("picture"),
        upload_to=avatar_path,
        blank=True,
        db_index=True,  # /media/avatars/ looks the picture up by name
        validators=[validate_avatar],
        help_text=_("JPEG, PNG or WebP, 2 MB at most."),
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("topics of expertise"),
        blank=True,
        related_name="+",
        help_text=_("The digest e-mail follows these topics too."),
    )
    visible_in_directory = models.BooleanField(
        _("show my profile in the members directory"), default=True
    )
    show_email = models.BooleanField(_("show my e-mail address to members"), default=False)
    show_social = models.BooleanField(_("show my social links to members"), default=True)
    digest_frequency = models.CharField(
        _("digest e-mail"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    digest_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The member's profile, created with their institution on first use."""
        profile, _created = cls.objects.get_or_create(
            user=user, defaults={"institution": Institution.for_email(user.email)}
        )
        return profile

    def get_languages_display(self):
        labels = dict(SpokenLanguage.choices)
        return [labels[code] for code in self.languages if code in labels]


# --- Bookmarks and comment moderation details ----------------------------------


class BookmarkQuerySet(models.QuerySet):
    def of(self, member):
        return self.filter(member=member)


class Bookmark(models.Model):
    """A page (a resource or an event) a member keeps in "My bookmarks".

    Private to the member. A bookmark of a page the member may no longer
    see (unpublished, or restricted to a group they are not in) is kept but
    never shown nor counted (``community.bookmarks.visible_bookmarks``)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="bookmarks",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("bookmarked at"), default=timezone.now)

    objects = BookmarkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "page"], name="community_one_bookmark_per_page"
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.page_id}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive or disrespectful")
    WRONG = "wrong", _("Wrong information")
    OTHER = "other", _("Other")


class CommentFlagReason(models.Model):
    """Why a member suggested removing a comment: the reason of one
    django-comments-xtd "removal suggestion" flag, read by moderators in
    the queue."""

    flag = models.OneToOneField(
        "django_comments.CommentFlag",
        verbose_name=_("flag"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="cmhub_reason",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices, blank=True)
    details = models.TextField(_("details"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reason for a flag")
        verbose_name_plural = _("reasons for flags")

    def __str__(self):
        return self.get_reason_display() or "—"


class CommentEdit(models.Model):
    """When its author last edited a comment after posting it: the thread
    shows such comments as "edited"."""

    comment = models.OneToOneField(
        "django_comments_xtd.XtdComment",
        verbose_name=_("comment"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="cmhub_edit",
    )
    edited_at = models.DateTimeField(_("edited at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment edit")
        verbose_name_plural = _("comment edits")

    def __str__(self):
        return f"{self.comment_id} @ {self.edited_at:%Y-%m-%d %H:%M}"
