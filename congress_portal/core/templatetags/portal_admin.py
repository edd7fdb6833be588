"""`{% portal_result_list cl %}`: Django's `{% result_list %}` with the rows drawn by core/admin_rows.py."""

from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template import Library

from congress_portal.core.admin_rows import result_list

register = Library()


@register.tag(name="portal_result_list")
def portal_result_list_tag(parser, token):
    return InclusionAdminNode(parser, token, func=result_list, template_name="change_list_results.html",
                              takes_context=False)
