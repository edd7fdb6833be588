"""The sections' charts drawn on the server as SVG by matplotlib, for the report's PDF and .docx.

The same `Chart` objects feed the dashboard (Chart.js in the browser), so both show the same figures.
Text stays text in the SVG (svg.fonttype "none") in Noto Serif CJK SC, the report's text face (one face
fewer for WeasyPrint to subset than a sans of its own): WeasyPrint draws it with the
embedded Noto CJK font, and the words remain searchable in the PDF. Matplotlib measures the labels with
the same font file (Debian's fonts-noto-cjk, found through fontconfig), so the layout fits.
"""

import hashlib
import io
import json
import subprocess
import threading
from collections import OrderedDict

FONT_FAMILY = "Noto Serif CJK SC"
# The committee's red first, then quiet colours that stay apart in grey print.
PALETTE = ["#c00000", "#1f4e79", "#c9a227", "#5b8c5a", "#7f6084", "#6b6b6b"]
_lock = threading.Lock()  # matplotlib's font cache and rcParams are global: one chart at a time per process
_ready = False


def _setup():
    global _ready
    if _ready:
        return
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for family in (FONT_FAMILY,):
        try:
            path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            path = ""
        if path:
            font_manager.fontManager.addfont(path)
    matplotlib.rcParams.update({
        "font.family": "serif", "font.serif": [FONT_FAMILY, "DejaVu Serif"],
        "svg.fonttype": "none", "axes.unicode_minus": False, "font.size": 9,
        "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "annual-report",
    })
    _ready = True


def _number(value):
    return 0 if value is None else value


def chart_svg(chart, *, width_mm=150, height_mm=70):
    """The chart as an SVG document (str), for the PDF. Kinds: bar, hbar, stacked, line, pie (sections.Chart)."""
    return _kept(chart, "svg", width_mm, height_mm)


def chart_png(chart, *, width_mm=150, height_mm=70):
    """The same chart as PNG bytes, for the .docx (Word shows no SVG). Drawn only when the Word copy is made
    (a task of its own after the PDF's), so the PDF never waits for the pictures only Word needs."""
    return _kept(chart, "png", width_mm, height_mm)


# A warm worker keeps the drawings of the charts it drew, by their data: a report rendered again after a
# text changed draws no chart again; a chart whose data changed is drawn anew (its key changes).
_KEPT = OrderedDict()
_KEPT_MAX = 256


def _key(chart, fmt, width_mm, height_mm):
    from django.utils import translation

    payload = [fmt, chart.kind, str(chart.title), [str(label) for label in chart.labels],
               [(str(name), list(values)) for name, values in chart.series], width_mm, height_mm,
               translation.get_language()]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, default=str).encode()).hexdigest()


def _kept(chart, fmt, width_mm, height_mm):
    key = _key(chart, fmt, width_mm, height_mm)
    with _lock:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    drawn = _draw(chart, fmt, width_mm, height_mm)
    with _lock:
        _KEPT[key] = drawn
        while len(_KEPT) > _KEPT_MAX:
            _KEPT.popitem(last=False)
    return drawn


def forget_drawings():
    with _lock:
        _KEPT.clear()


PNG_DPI = 150


def _draw(chart, fmt, width_mm, height_mm):
    with _lock:
        figure = _figure(chart, fmt, width_mm, height_mm)
        if fmt == "png":
            png = io.BytesIO()
            figure.savefig(png, format="png", dpi=PNG_DPI)
            return png.getvalue()
        svg = io.StringIO()
        figure.savefig(svg, format="svg", metadata={"Date": None})
        return flatten_svg(svg.getvalue())


def _figure(chart, fmt, width_mm, height_mm):
    """The chart as a matplotlib Figure, laid out (called with _lock held)."""
    _setup()
    from matplotlib.figure import Figure

    labels = [str(label) for label in chart.labels]
    series = [(str(name), [_number(v) for v in values]) for name, values in chart.series]
    height = height_mm
    if chart.kind == "pie":
        width_mm, height = 110, 80
    elif chart.kind == "hbar":
        height = max(height_mm, 12 + 7 * len(labels))
    # A PNG is laid out at the resolution it is saved at, so that tight_layout's measuring (pies) and the drawing
    # share one renderer and its measured text (the CJK glyphs' metrics are most of a chart's time).
    figure = Figure(figsize=(width_mm / 25.4, height / 25.4), dpi=PNG_DPI if fmt == "png" else 72)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    if chart.kind == "pie":
        values = series[0][1] if series else []
        if sum(values) > 0:
            axes.pie(values, labels=labels, colors=PALETTE, autopct="%1.0f%%", startangle=90,
                     counterclock=False, wedgeprops={"linewidth": 0.8, "edgecolor": "white"})
        axes.axis("equal")
    elif chart.kind == "line":
        for index, (name, values) in enumerate(series):
            axes.plot(positions, values, marker="o", color=PALETTE[index % len(PALETTE)], label=name)
        axes.set_xticks(positions, labels)
    elif chart.kind == "hbar":
        _bars(axes, positions, series, horizontal=True, stacked=False)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
    else:
        _bars(axes, positions, series, horizontal=False, stacked=chart.kind == "stacked")
        axes.set_xticks(positions, labels)
        if _slanted(labels):
            for tick in axes.get_xticklabels():
                tick.set_rotation(30)
                tick.set_horizontalalignment("right")
    empty = not any(v for _name, values in series for v in values)
    if empty:
        # Nothing to count this year: say so rather than draw an empty axis.
        from django.utils.translation import gettext

        figure.clear()
        axes = figure.add_subplot()
        axes.axis("off")
        axes.text(0.5, 0.5, gettext("Nothing to count this year"), ha="center", va="center", color="#666666")
        figure.set_size_inches(width_mm / 25.4, 25 / 25.4)
    elif chart.kind != "pie":
        if len(series) > 1:
            # Above the plot, in one row: it never covers a bar or a line, and matplotlib does not
            # search for the "best" place (slow with many points).
            axes.legend(frameon=False, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                        ncol=len(series), borderaxespad=0.2)
        axes.grid(axis="x" if chart.kind == "hbar" else "y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
    if chart.kind == "pie" or empty:
        figure.tight_layout(pad=0.6)  # the labels around a pie, or one line of text: measured
    else:
        _margins(figure, chart.kind, labels, series, width_mm, height)
    return figure


_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"


def flatten_svg(text):
    """Matplotlib's SVG made cheap for WeasyPrint to draw, the same picture.

    WeasyPrint copies the referenced tree for every `<use>` (each tick and marker is one) and draws the
    clip path again for every clipped bar: together they were most of the report's drawing time. Here
    each `<use>` becomes its path, the clip paths go (every mark lies inside its axes), and the groups
    that only carry an id are dissolved, so the tree has about half the nodes, and the one stylesheet rule
    becomes inherited attributes. Text stays text.
    """
    from xml.etree import ElementTree

    ElementTree.register_namespace("", _SVG[1:-1])
    ElementTree.register_namespace("xlink", _XLINK[1:].split("}")[0])
    root = ElementTree.fromstring(text)
    marks = {}
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (_SVG + "metadata", _SVG + "clipPath"):
                parent.remove(child)
            elif child.tag == _SVG + "defs":
                for path in child.iter(_SVG + "path"):
                    if path.get("id"):
                        marks[path.get("id")] = path
    _inline(root, marks)
    for node in root.iter():
        _presentation(node)
    # Matplotlib's only stylesheet rule (`*{stroke-linejoin: round; stroke-linecap: butt}`), inherited instead:
    # no stylesheet to match against every node.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    return ElementTree.tostring(root, encoding="unicode")


def _presentation(node):
    """A node's `style` as presentation attributes (fill="#c00000" rather than style="fill: #c00000"): the same
    values, which WeasyPrint reads as they are instead of parsing a declaration list for every node."""
    style = node.attrib.pop("style", None)
    if not style:
        return
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        if colon and name.strip():
            node.set(name.strip(), value.strip())


def _inline(parent, marks):
    from xml.etree import ElementTree

    children = []
    for child in list(parent):
        child.attrib.pop("clip-path", None)
        if child.tag == _SVG + "use":
            mark = marks.get((child.get(_XLINK) or "").lstrip("#"))
            if mark is None:
                continue
            path = ElementTree.Element(_SVG + "path", {"d": mark.get("d"), "style": child.get("style") or mark.get("style", "")})
            path.set("transform", f"translate({child.get('x', '0')} {child.get('y', '0')})")
            children.append(path)
            continue
        if child.tag == _SVG + "defs":
            continue  # the marks are inlined; the stylesheet's two rules are the root's attributes
        if child.tag == _SVG + "text" and (child.get("transform") or "").startswith("rotate(-0 "):
            del child.attrib["transform"]
        _inline(child, marks)
        if child.tag == _SVG + "g" and set(child.attrib) <= {"id"}:
            children.extend(child)  # a group that only names its content
        else:
            children.append(child)
    parent[:] = children


def _slanted(labels):
    """Whether a bar chart's labels are set at 30 degrees: too many characters in all to stand side by side."""
    return max((len(label) for label in labels), default=0) * len(labels) > 40


def _text_pt(text, size):
    """The width in points of `text` set at `size` pt in the CJK face: a full-width character is one em, any other
    about 0.6 em (its Latin digits and letters), a little more than they measure."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in str(text))


TICK_PT = 3.5 + 3.5  # a tick and the gap to its label (matplotlib's defaults)
EDGE_PT = 5  # white space kept at the figure's edges


def _margins(figure, kind, labels, series, width_mm, height_mm):
    """Place the axes with margins worked out from the labels' lengths, instead of figure.tight_layout(), which
    draws the whole chart once more to measure it (half of a chart's drawing time). Wide enough for the tick
    labels (slanted as _figure sets them), the legend row above the plot and the value labels on the bars."""
    size, small = 9, 7  # rcParams font.size, and the bars' value labels
    width_pt, height_pt = width_mm / 25.4 * 72, height_mm / 25.4 * 72
    values = [v for _name, vs in series for v in vs]
    if kind == "stacked":
        values = [sum(vs[i] for _name, vs in series if i < len(vs)) for i in range(len(labels))] or [0]
    numbers = max((_text_pt(_fmt(round(v, 1) if isinstance(v, float) else v), size) for v in values), default=0)
    # The value axis: its labels run to a little past the largest value, at least as wide as "0.0".
    axis_numbers = max(numbers + 0.6 * size, 3 * 0.6 * size)
    bar_labels = kind in ("bar", "hbar") and len(labels) <= 20
    top = EDGE_PT + (8 * 1.25 + 6 if len(series) > 1 else 0) + (small * 1.2 + 2 if bar_labels and kind == "bar" else 0)
    if kind == "hbar":
        left = EDGE_PT + TICK_PT + max((_text_pt(label, size) for label in labels), default=0)
        right = EDGE_PT + (numbers * small / size + 2 if bar_labels else 0)
        bottom = EDGE_PT + TICK_PT + size * 1.2
    else:
        left = EDGE_PT + TICK_PT + axis_numbers
        longest = max((_text_pt(label, size) for label in labels), default=0)
        if _slanted(labels):  # rotated 30 degrees, as _figure sets them
            bottom = EDGE_PT + TICK_PT + longest * 0.5 + size * 0.87
            right = EDGE_PT
            # The first label, right-aligned under its tick, reaches back left by its slanted width.
            slot = (width_pt - left - right) / max(len(labels), 1)
            left = max(left, EDGE_PT + _text_pt(labels[0], size) * 0.87 + size * 0.5 - slot / 2)
        else:
            bottom = EDGE_PT + TICK_PT + size * 1.2
            slot = (width_pt - left - EDGE_PT) / max(len(labels), 1)
            right = EDGE_PT + max(0.0, _text_pt(labels[-1], size) / 2 - slot / 2) if labels else EDGE_PT
    figure.subplots_adjust(left=min(left / width_pt, 0.6), right=1 - min(right / width_pt, 0.3),
                           bottom=min(bottom / height_pt, 0.6), top=1 - min(top / height_pt, 0.4))


def _bars(axes, positions, series, *, horizontal, stacked):
    count = max(len(series), 1)
    width = 0.8 if stacked else 0.8 / count
    bottoms = [0] * len(positions)
    for index, (name, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        if stacked:
            axes.bar(positions, values, 0.6, bottom=bottoms, color=colour, label=name)
            bottoms = [b + v for b, v in zip(bottoms, values)]
            continue
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        bars = (axes.barh if horizontal else axes.bar)(offsets, values, width * 0.9, color=colour, label=name)
        if len(positions) <= 20:
            axes.bar_label(bars, fmt=_fmt, fontsize=7, padding=2)


def _fmt(value):
    return f"{value:g}"
