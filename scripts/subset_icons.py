"""Cut the icon font down to the glyphs the trimmed icon CSS names (scripts/build-css.sh calls it).

The whole Bootstrap Icons font is 131 KiB of WOFF2 for the dozen icons the portal shows; fontTools (already
installed for WeasyPrint) keeps only those, and the CSS then points at the small font, shown with
font-display: swap so that text never waits for it.
"""

import re
import sys
from pathlib import Path

from fontTools import subset

ICONS = Path(sys.argv[1] if len(sys.argv) > 1 else "static/vendor/bootstrap-icons")
css_path = ICONS / "bootstrap-icons.used.min.css"
css = css_path.read_text()
codepoints = sorted({int(code, 16) for code in re.findall(r'content:"\\([0-9a-f]{4,5})"', css)})
if not codepoints:
    sys.exit("no icon in the trimmed CSS")
options = subset.Options()
options.flavor = "woff2"
options.layout_features = []
options.name_IDs = ["*"]
font = subset.load_font(str(ICONS / "fonts" / "bootstrap-icons.woff2"), options)
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=codepoints)
subsetter.subset(font)
out = ICONS / "fonts" / "bootstrap-icons.used.woff2"
subset.save_font(font, str(out), options)
css = re.sub(r"@font-face\{[^}]*\}",
             '@font-face{font-display:swap;font-family:bootstrap-icons;'
             'src:url("fonts/bootstrap-icons.used.woff2") format("woff2")}', css, count=1)
css_path.write_text(css)
print(f"{len(codepoints)} icons, {out} {out.stat().st_size} bytes")
