"""An admin page that imports a sheet (all or nothing) and lists every bad cell."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .xlsx_import import template_workbook

MAX_UPLOAD = 5 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    # The server says what is missing, in Chinese and by the field: the browser's own "required" bubble
    # speaks the browser's language and, once dismissed, leaves the page as it was.
    use_required_attribute = False

    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"), error_messages={
        "required": gettext_lazy("Choose the Excel file (.xlsx) to import."),
        "empty": gettext_lazy("The file is empty."),
    })

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Only .xlsx files can be imported."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportMixin:
    """Add `import/` and `import/template/` to a ModelAdmin whose `importer_class` is set."""

    importer_class = None
    change_list_template = "admin/import_change_list.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        custom = [
            path("import/", self.admin_site.admin_view(self.import_view), name="%s_%s_import" % info),
            path("import/template/", self.admin_site.admin_view(self.import_template_view),
                 name="%s_%s_import_template" % info),
        ]
        return custom + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        opts = self.model._meta
        errors = []
        # Bound on every POST, with or without a file: a POST without one must say so.
        form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = self.importer_class().run(form.cleaned_data["file"])
            if result.ok:
                messages.success(request, _("Imported %(count)s %(what)s.") % {
                    "count": result.created, "what": self.importer_class.title})
                return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            errors = result.errors
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "form": form,
            "errors": errors,
            "title": _("Import %(what)s from Excel") % {"what": self.importer_class.title},
            "columns": self.importer_class.columns,
        }
        return TemplateResponse(request, "admin/import.html", context, status=400 if errors or form.errors else 200)

    def import_template_view(self, request):
        workbook = template_workbook(self.importer_class)
        response = HttpResponse(content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.model_name}-template.xlsx"'
        workbook.save(response)
        return response
