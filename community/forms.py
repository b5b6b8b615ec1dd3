"""Forms of the member-facing pages: sign-up extras and the profile."""

from allauth.core import context
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .adapters import invitation_from_request
from .avatars import square_avatar
from .models import FlagReason, MemberProfile, SpokenLanguage, Topic
from .validators import validate_avatar


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to e-mail and password
    (ACCOUNT_SIGNUP_FORM_CLASS): members are known by their names."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Invitation links carry the invited address: prefill it.
        if "email" in self.fields and not self.is_bound:
            invitation = invitation_from_request(context.request)
            if invitation is not None:
                self.fields["email"].initial = invitation.email

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class MemberProfileForm(forms.ModelForm):
    """What a member edits on /me/profile/."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MemberProfile
        fields = [
            "institution",
            "job_title",
            "bio",
            "avatar",
            "languages",
            "topics",
            "linkedin_url",
            "x_handle",
            "website",
            "visible_in_directory",
            "show_email",
            "show_social",
            "digest_frequency",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 600}),
            "topics": forms.CheckboxSelectMultiple,
            "avatar": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, language_code=None, **kwargs):
        super().__init__(*args, **kwargs)
        topics = Topic.objects.all()
        if language_code:
            topics = topics.filter(locale__language_code=language_code)
        self.fields["topics"].queryset = topics
        self.fields["institution"].queryset = self.fields["institution"].queryset.order_by("name")
        self.fields["institution"].empty_label = _("No institution")
        self.fields["x_handle"].help_text = _("E.g. @name.")
        self.fields["avatar"].help_text = _(
            "JPEG, PNG or WebP, 2 MB at most. It is cropped to a square around its centre."
        )

    def clean_avatar(self):
        """A new picture is checked, then cropped square (community/avatars.py)."""
        avatar = self.cleaned_data.get("avatar")
        if isinstance(avatar, UploadedFile):
            validate_avatar(avatar)
            avatar = square_avatar(avatar)
        return avatar


class FlagForm(forms.Form):
    """Why a member suggests removing a comment."""

    reason = forms.ChoiceField(
        label=_("Why should this comment be removed?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    details = forms.CharField(
        label=_("Details for the moderators"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("reason") == FlagReason.OTHER
            and not cleaned_data.get("details", "").strip()
        ):
            self.add_error("details", _("Tell the moderators what is wrong."))
        return cleaned_data
