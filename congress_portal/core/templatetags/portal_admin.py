"""Admin drawing, faster than Django's templates and the same markup:

- `{% portal_result_list cl %}`: Django's `{% result_list %}` with the rows drawn by core/admin_rows.py;
- `{% portal_readonly_fieldsets adminform %}`: a read-only change form's fieldsets.
"""

from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template import Library
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from congress_portal.core.admin_rows import result_list

register = Library()


@register.tag(name="portal_result_list")
def portal_result_list_tag(parser, token):
    return InclusionAdminNode(parser, token, func=result_list, template_name="change_list_results.html",
                              takes_context=False)


@register.simple_tag(takes_context=True)
def portal_readonly_fieldsets(context, adminform):
    """`{% block field_sets %}` of a change form whose fields are all read-only, written directly.

    Django draws each read-only field through admin/includes/fieldset.html: some twenty template
    lookups a field, 20 ms for the suggestion's 26 fields here. The same markup is written here from
    the same objects (AdminReadonlyField's label_tag() and contents(), so links, icons and empty values
    are Django's own). A fieldset with a name, a description or any editable field is left to
    Django's template. tests/core/test_admin_readonly.py compares the two pages.
    """
    parts = []
    for index, fieldset in enumerate(adminform):
        lines = [list(line) for line in fieldset]
        if fieldset.name or fieldset.description or not all(f.is_readonly for line in lines for f in line):
            parts.append(render_to_string("admin/includes/fieldset.html", {
                **context.flatten(), "fieldset": fieldset, "heading_level": 2, "prefix": "fieldset",
                "id_prefix": 0, "id_suffix": index}))
            continue
        parts.append(format_html('<fieldset class="module aligned {}">', fieldset.classes))
        for fields in lines:
            single = len(fields) == 1
            names = "".join(f" field-{escape(f.field['name'])}" for f in fields if f.field["name"])
            parts.append(f'<div class="form-row{names}">')
            if not single:
                parts.append('<div class="flex-container form-multiline">')
            for f in fields:
                box = "" if single else " fieldBox" + (f" field-{escape(f.field['name'])}" if f.field["name"] else "")
                parts.append(f'<div><div class="flex-container{box}">{f.label_tag()}'
                             f'<div class="readonly">{conditional_escape(f.contents())}</div></div>')
                if f.field["help_text"]:
                    parts.append(f'<div class="help"><div>{f.field["help_text"]}</div></div>')
                parts.append("</div>")
            if not single:
                parts.append("</div>")
            parts.append("</div>")
        parts.append("</fieldset>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or Django's own safe HTML
