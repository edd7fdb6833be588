"""A small PDF layer on WeasyPrint: a Django template in, PDF bytes out.

Templates are rendered by Django with autoescaping on, so text from the database (titles, replies,
names) reaches WeasyPrint as text, never as markup. Fonts come from fontconfig (Debian's
fonts-noto-cjk) and WeasyPrint embeds the subset it uses, so the file reads the same everywhere.
"""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name, context, *, base_url=None):
    """Render `template_name` with `context` and return the PDF as bytes.

    `base_url` resolves relative links in the HTML (images, stylesheets); by default the project
    folder, so nothing is ever fetched over the network.
    """
    return render_document(template_name, context, base_url=base_url).write_pdf()


def render_document(template_name, context, *, base_url=None):
    """The laid-out WeasyPrint document (pages counted), for callers that want more than the bytes.

    Every PDF template extends reports/pdf/base.html, which reads the one letterhead (红头 text, colour,
    seal position, fonts): it is passed in here unless the caller brings its own.
    """
    from weasyprint import HTML

    from .letterhead import letterhead_values

    if "letterhead" not in context:
        context = {**context, "letterhead": letterhead_values()}
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).render()


def pdf_response(data, filename, *, inline=True):
    """An HttpResponse carrying PDF bytes, with a UTF-8 file name (RFC 6266)."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
