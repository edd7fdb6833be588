"""After a load or fault run: every opinion the portal accepted (302, its marker in LOAD_SENT_FILE) is
stored exactly once. Exit status 1 with the lost and doubled markers otherwise.

    DATABASE_URL=... python bench/load/check.py test-artifacts/load/sent.txt
"""

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")


def main(sent_file):
    import django

    django.setup()
    from deputies.models import Opinion

    sent = [line.strip() for line in Path(sent_file).read_text().splitlines() if line.strip()]
    stored = Counter()
    for text in Opinion.objects.filter(text__startswith="压力测试意见 ").values_list("text", flat=True).iterator():
        stored[text.split("：")[0].split()[1]] += 1
    lost = [m for m in sent if m not in stored]
    doubled = [m for m in sent if stored[m] > 1]  # markers are unique to each POST of this run
    print(f"opinions accepted {len(sent)}, stored {sum(stored[m] for m in sent)}, lost {len(lost)}, "
          f"doubled {len(doubled)}")
    return 1 if lost or doubled else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/load/sent.txt"))
