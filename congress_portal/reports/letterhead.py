"""The letterhead's values for the PDF templates (one query; defaults when no row was saved yet)."""


def letterhead_values():
    from congress_portal.organization.names import congress_name

    from .models import Letterhead
    from .seal import seal_uri

    row = Letterhead.objects.order_by("pk").first() or Letterhead()
    return {
        "header_text": row.header_text or congress_name(), "colour": row.colour,
        "seal_position": row.seal_position, "body_font": row.body_font, "heading_font": row.heading_font,
        "seal_uri": seal_uri(row.seal_image) if row.seal_position != Letterhead.Seal.NONE else "",
    }
