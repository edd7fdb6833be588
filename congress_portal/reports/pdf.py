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
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf()


def pdf_response(data, filename, *, inline=True):
    """An HttpResponse carrying PDF bytes, with a UTF-8 file name (RFC 6266)."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
