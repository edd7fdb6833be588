from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Letterhead
from .seal import MAX_BYTES, MIN_SIDE, check_seal_png, seal_uri


class LetterheadForm(forms.ModelForm):
    """The letterhead with its seal image: an upload replaces the kept image; "remove" clears it."""

    seal_upload = forms.FileField(label=gettext_lazy("seal image"), required=False,
                                  widget=forms.FileInput(attrs={"accept": "image/png"}))
    remove_seal = forms.BooleanField(label=gettext_lazy("Remove the seal image"), required=False)

    class Meta:
        model = Letterhead
        fields = ["header_text", "colour", "seal_position", "body_font", "heading_font"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seal_upload"].help_text = _(
            "A PNG with a transparent background, at least %(side)s pixels a side, at most %(size)s KB; "
            "printed over the issuer and date of the committee's own letters, opinions, announcements and "
            "certificates, where the seal position says (a unit's reply letter carries the unit's seal)."
        ) % {"side": MIN_SIDE, "size": MAX_BYTES // 1024}

    def clean_seal_upload(self):
        upload = self.cleaned_data.get("seal_upload")
        return check_seal_png(upload) if upload else None

    def save(self, commit=True):
        row = super().save(commit=False)
        if self.cleaned_data.get("seal_upload"):
            row.seal_image = self.cleaned_data["seal_upload"]
        elif self.cleaned_data.get("remove_seal"):
            row.seal_image = b""
        if commit:
            row.save()
        return row


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    """A single row: the list opens the row itself; there is nothing to add or delete."""

    form = LetterheadForm
    fields = ["header_text", "colour", "seal_position", "seal_preview", "seal_upload", "remove_seal",
              "body_font", "heading_font"]
    readonly_fields = ["seal_preview"]

    @admin.display(description=gettext_lazy("current seal"))
    def seal_preview(self, row):
        if not row.seal_image:
            return _("No seal image: the office presses the seal on the printed paper.")
        return format_html('<img src="{}" alt="{}" style="max-width: 120px; max-height: 120px">',
                           seal_uri(row.seal_image), _("current seal"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row, _created = Letterhead.objects.get_or_create(pk=1)
        return redirect(reverse("admin:reports_letterhead_change", args=[row.pk]))
