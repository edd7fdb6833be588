"""The report's texts in the admin: a rich-text editor per chapter and year, every save a version that can
be viewed and restored; the rendered reports, read-only, with their downloads."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Narrative, NarrativeVersion, ReportRender


class RichTextarea(forms.Textarea):
    class Media:
        css = {"all": ["vendor/quill/quill.snow.css", "annual_report/editor.css"]}
        js = ["vendor/quill/quill.js", "annual_report/editor.js"]

    # The names the editor's toolbar buttons read out (Quill's own are English): data-label-<format>.
    LABELS = {
        "header": _("Heading level"), "bold": _("Bold"), "italic": _("Italic"), "underline": _("Underline"),
        "ordered": _("Numbered list"), "bullet": _("Bulleted list"), "blockquote": _("Quotation"),
        "clean": _("Clear formatting"), "h3": _("Heading"), "h4": _("Subheading"), "normal": _("Body text"),
    }

    def __init__(self, attrs=None):
        labels = {f"data-label-{name}": label for name, label in self.LABELS.items()}
        super().__init__({"class": "rich-text", "rows": 12, **labels, **(attrs or {})})


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["year", "chapter", "html"]
        widgets = {"html": RichTextarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "year" in self.fields and not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2999:
            raise forms.ValidationError(_("Enter a year between 2000 and 2999."))
        return year

    def clean(self):
        cleaned = super().clean()
        year, chapter = cleaned.get("year"), cleaned.get("chapter")
        if not self.instance.pk and year and chapter and Narrative.objects.filter(year=year, chapter=chapter).exists():
            self.add_error("chapter", _("This chapter of that year already has its text: open it to change it "
                                        "(every save keeps a version)."))
        return cleaned

    def validate_unique(self):
        pass  # clean() says it in the staff's words; the database constraint still holds


class VersionInline(admin.TabularInline):
    model = NarrativeVersion
    extra = 0
    can_delete = False
    fields = ["number", "created_at", "author", "note", "open_link"]
    readonly_fields = fields
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("view or restore"))
    def open_link(self, version):
        url = reverse("admin:annual_report_narrative_version", args=[version.narrative_id, version.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("View / restore"))


@admin.register(Narrative)
class NarrativeAdmin(admin.ModelAdmin):
    form = NarrativeForm
    list_display = ["year", "chapter", "updated_at", "updated_by", "report_link"]
    list_filter = ["year", "chapter"]
    search_fields = ["html"]
    inlines = [VersionInline]
    readonly_fields = ["updated_by", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # A saved text keeps its year and chapter: its versions belong to them.
        return ["year", "chapter", *self.readonly_fields] if obj else self.readonly_fields

    @admin.display(description=_("Annual work report"))
    def report_link(self, narrative):
        return format_html('<a href="{}">{}</a>', reverse("annual_report:report", args=[narrative.year]),
                           gettext("Render and download"))

    def save_model(self, request, obj, form, change):
        # Through the service: sanitised, one version per save, one audit row.
        saved = services.narrative_save(year=obj.year, chapter=obj.chapter, html=obj.html, actor=request.user)
        obj.pk, obj.html = saved.pk, saved.html
        obj.updated_at, obj.updated_by = saved.updated_at, saved.updated_by

    def get_urls(self):
        return [path("<int:pk>/version/<int:version_pk>/", self.admin_site.admin_view(self.version_view),
                     name="annual_report_narrative_version"), *super().get_urls()]

    def version_view(self, request, pk, version_pk):
        narrative = get_object_or_404(Narrative, pk=pk)
        if not self.has_view_permission(request, narrative):
            return redirect("admin:index")
        version = get_object_or_404(NarrativeVersion, pk=version_pk, narrative=narrative)
        if request.method == "POST":
            if not self.has_change_permission(request, narrative):
                messages.error(request, gettext("You may not change this text."))
            else:
                saved = services.narrative_restore(version=version, actor=request.user)
                messages.success(request, gettext("Version %(number)s is the current text again (saved as version %(new)s).")
                                 % {"number": version.number, "new": saved.versions.order_by("-number").first().number})
            return redirect("admin:annual_report_narrative_change", pk)
        return render(request, "admin/annual_report/version.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "narrative": narrative,
            "version": version, "can_restore": self.has_change_permission(request, narrative),
            "title": gettext("Version %(number)s of %(text)s") % {"number": version.number, "text": narrative},
        })

    def changelist_view(self, request, extra_context=None):
        extra = {"report_url": reverse("annual_report:index")}
        return super().changelist_view(request, {**(extra_context or {}), **extra})


@admin.register(ReportRender)
class ReportRenderAdmin(admin.ModelAdmin):
    list_display = ["year", "state", "progress", "pages", "seconds", "word_state", "word_seconds", "created_at",
                    "requested_by", "downloads"]
    list_filter = ["year", "state"]
    fields = ["year", "state", "progress", "step", "error", "pages", "seconds", "word_state", "word_error",
              "word_seconds", "fingerprint", "requested_by", "created_at", "finished_at", "downloads"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "docx", "content").select_related("requested_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("downloads"))
    def downloads(self, render_row):
        if render_row.state != "done":
            return "—"
        pdf_link = format_html('<a href="{}">PDF</a>', reverse("annual_report:download", args=[render_row.pk, "pdf"]))
        if render_row.word_state != "done":
            return pdf_link
        return format_html('{} · <a href="{}">Word</a>', pdf_link,
                           reverse("annual_report:download", args=[render_row.pk, "docx"]))
