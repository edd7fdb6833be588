"""Issue 19.8: backup and restore, by a round trip on PostgreSQL: the demo is backed up, restored into a
new database, and every table's count and checksum compared."""

import tarfile
import uuid

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from congress_portal.core import backup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_database():
    """The URL of a database that does not exist yet; dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore need PostgreSQL (DATABASE_URL); run by .ci/run")
    db = connection.settings_dict
    name = f"{db['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}", name
    params, _env = backup._libpq({**db, "NAME": "postgres"})
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _checksums(url):
    params, _env = backup._libpq(backup.dj_database_url.parse(url))
    conn = psycopg2.connect(**params)
    try:
        with conn.cursor() as cursor:
            return backup.table_checksums(cursor)
    finally:
        conn.close()


def test_the_demo_is_backed_up_and_restored_into_a_new_database_table_for_table(new_database, settings, tmp_path,
                                                                                 capsys):
    url, name = new_database
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "private" / "opinions" / "2026" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 a citizen's photo")
    call_command("seed_demo", "--scale", "small", "--today", "2026-11-23")
    archive = tmp_path / "backups" / "portal.tar"

    call_command("backup", "--out", str(archive))
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["database.dump", "manifest.json", "media.tar"]
    manifest = backup.read_manifest(archive)
    assert manifest["tables"]["deputies_deputy"][0] == 300
    assert manifest["schema"]["deputies"] == "0003_opinion_rate_count" and manifest["media_files"] == 1

    call_command("restore", str(archive), "--database-url", url, "--media-root", str(tmp_path / "restored"))
    assert "every count and checksum" in capsys.readouterr().out
    with connection.cursor() as cursor:
        source = backup.table_checksums(cursor)
    restored = _checksums(url)
    assert restored == source and len(source) > 50
    assert all(source[t][0] > 0 for t in ["deputies_deputy", "proposals_suggestion", "django_migrations"])
    assert (tmp_path / "restored" / "private" / "opinions" / "2026" / "photo.jpg").read_bytes() == photo.read_bytes()

    # Never over an existing database, nor into a media directory in use.
    with pytest.raises(CommandError, match="exists"):
        call_command("restore", str(archive), "--database-url", url, "--media-root", str(tmp_path / "other"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), "--database-url", url + "x", "--media-root", str(tmp_path / "restored"))


def test_a_restore_that_does_not_match_the_backup_fails(new_database, settings, tmp_path):
    url, _name = new_database
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--scale", "small", "--today", "2026-11-23")
    archive = tmp_path / "portal.tar"
    backup.backup(archive)
    # An archive whose dump lost rows (here: whose manifest counts one suggestion more) is refused.
    manifest = backup.read_manifest(archive)
    manifest["tables"]["proposals_suggestion"][0] += 1
    tampered = tmp_path / "tampered.tar"
    import io
    import json

    with tarfile.open(archive) as src, tarfile.open(tampered, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(backup.BackupError, match="proposals_suggestion"):
        backup.restore(tampered, url, tmp_path / "restored")
