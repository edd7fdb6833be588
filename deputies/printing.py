"""QR codes (代表码) and the printed documents: the station's code sheet and the yearly booklet."""

import base64
import functools
import io

import segno
from django.conf import settings
from django.urls import reverse


def public_url(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def deputy_url(deputy):
    return public_url(reverse("deputies:deputy_public", args=[deputy.public_code]))


def station_url(station):
    return public_url(reverse("deputies:station_public", args=[station.public_code]))


@functools.lru_cache(maxsize=4096)
def qr_png(url, scale=8):
    """PNG bytes of a QR code for `url` (error correction M: survives a smudged print). Kept per process:
    a station's or deputy's address does not change, and choosing the best mask costs ~10 ms a code."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_data_uri(url, scale=8):
    return "data:image/png;base64," + base64.b64encode(qr_png(url, scale)).decode("ascii")


def render_pdf(template, context):
    """HTML template -> PDF bytes, in the portal's one PDF style (congress_portal/reports/pdf.py)."""
    from congress_portal.reports import pdf

    return pdf.render_pdf(template, context)


QR_SHEET_COLUMNS = 3  # 60 mm cards across A4's 186 mm between margins


def qr_sheet_pdf(station, deputies):
    cards = [{"title": station.name, "subtitle": station.street, "url": station_url(station)}]
    cards += [{"title": d.name, "subtitle": d.get_level_display(), "url": deputy_url(d)} for d in deputies]
    for card in cards:
        card["qr"] = qr_data_uri(card["url"], scale=6)
    rows = [cards[i:i + QR_SHEET_COLUMNS] for i in range(0, len(cards), QR_SHEET_COLUMNS)]
    return render_pdf("deputies/pdf/qr_sheet.html", {"station": station, "rows": rows})


def booklet_pdf(file, year):
    return render_pdf("deputies/pdf/booklet.html", {**file, "year": year, "deputy": file["perf"].deputy})
