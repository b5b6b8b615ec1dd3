"""Side-by-side comparison of two or three job profiles."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PageChoicesField(forms.ModelMultipleChoiceField):
    """Page ids from the address: anything that is not an id a database
    column can hold is "not a job profile" (a huge number would otherwise
    overflow SQLite's integers: a 500)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isdigit() or len(text) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:30]},
                )
        return super()._check_values(value)


class CompareForm(forms.Form):
    """Choose two or three live job profiles of the member's language."""

    profiles = PageChoicesField(
        label=_("Job profiles to compare"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the chosen profiles does not exist."),
            "invalid_pk_value": _("“%(pk)s” is not a job profile."),
        },
    )

    MIN, MAX = 2, 3

    def __init__(self, data=None, *, locale, model):
        super().__init__(data)
        self.model = model
        self.fields["profiles"].queryset = (
            model.objects.live().filter(locale=locale).order_by("title")
        )

    def clean_profiles(self):
        profiles = self.cleaned_data["profiles"]
        if not self.MIN <= len(profiles) <= self.MAX:
            raise forms.ValidationError(
                _("Choose two or three job profiles to compare (you chose %(count)d).")
                % {"count": len(profiles)}
            )
        return profiles

    def comparison_rows(self):
        """One row per compared field: its label and each profile's value
        (a list of lines for list fields, text otherwise), also paired with
        its profile for the stacked view on phones."""
        profiles = list(self.cleaned_data["profiles"])
        rows = []
        for field_name in self.model.COMPARED_FIELDS:
            if field_name == "salary":
                label = _("Salary")
                values = [profile.salary_range for profile in profiles]
            else:
                field = self.model._meta.get_field(field_name)
                label = field.verbose_name
                if field_name in self.model.LIST_FIELDS:
                    values = [profile.list_of(field_name) for profile in profiles]
                elif field.choices:
                    values = [
                        getattr(profile, f"get_{field_name}_display")() for profile in profiles
                    ]
                else:
                    values = [getattr(profile, field_name) for profile in profiles]
            rows.append(
                {
                    "label": label,
                    "is_list": field_name in self.model.LIST_FIELDS,
                    "values": values,
                    "by_profile": list(zip(profiles, values, strict=True)),
                }
            )
        return rows
