"""Backup and restore of a PostgreSQL install: the database (pg_dump), the uploaded files (MEDIA_ROOT)
and the schema version, in one tar archive, with each table's row count and checksum so that a restore
proves itself.

    manage.py backup --out /srv/backups/portal-2026-12-02.tar
    manage.py restore /srv/backups/portal-2026-12-02.tar --database-url postgres://.../portal_restored \
        --media-root /srv/portal/media-restored

The checksums are taken in the very snapshot pg_dump writes (pg_export_snapshot), so a portal in use
during the backup does not make them disagree. A restore goes into a new database only, never over
one in use, and fails when a table's count or checksum differs from the archive's.
"""

import datetime
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

import dj_database_url
import psycopg2
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from psycopg2 import sql

FORMAT = 1
MANIFEST, DUMP, MEDIA = "manifest.json", "database.dump", "media.tar"


class BackupError(Exception):
    pass


def _libpq(db):
    """Connection keywords and the environment for pg_dump / pg_restore from Django's settings dict."""
    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "host": db.get("HOST") or None,
              "port": str(db["PORT"]) if db.get("PORT") else None, "password": db.get("PASSWORD") or None}
    params = {k: v for k, v in params.items() if v}
    env = dict(os.environ)
    for variable, key in (("PGDATABASE", "dbname"), ("PGUSER", "user"), ("PGHOST", "host"), ("PGPORT", "port")):
        env[variable] = params.get(key, env.get(variable, ""))
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    return params, {k: v for k, v in env.items() if v != ""}


def _require_postgres(db):
    if not db["ENGINE"].endswith("postgresql"):
        raise BackupError("backup and restore work on PostgreSQL (set DATABASE_URL); SQLite is one file to copy")


def table_checksums(cursor):
    """{table: [row count, md5 of the sorted md5s of its rows]} for every table of the public schema.
    The rows' text is read in UTC, so the server's or session's time zone does not change it."""
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    result = {}
    for (table,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
                               "FROM (SELECT md5(t::text) AS h FROM {} t) rows").format(sql.Identifier(table)))
        count, digest = cursor.fetchone()
        result[table] = [count, digest]
    return result


def schema_version():
    """The last migration applied of each app, as recorded in the database."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves = {}
    for app, name in sorted(loader.applied_migrations):
        leaves.setdefault(app, []).append(name)
    return {app: max(names) for app, names in leaves.items()}


def backup(out):
    """Write the archive `out`; returns its manifest."""
    db = settings.DATABASES["default"]
    _require_postgres(db)
    params, env = _libpq(db)
    out = Path(out)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        # One snapshot for the checksums and the dump: held open by this transaction until pg_dump is done.
        conn = psycopg2.connect(**params)
        try:
            conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                tables = table_checksums(cursor)
                dumped = subprocess.run(
                    ["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}",
                     f"--file={work / DUMP}"], env=env, capture_output=True, text=True)
                if dumped.returncode:
                    raise BackupError(f"pg_dump failed: {dumped.stderr.strip()}")
        finally:
            conn.close()
        media_files = 0
        with tarfile.open(work / MEDIA, "w") as media_tar:
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    media_tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    media_files += path.is_file()
        manifest = {"format": FORMAT, "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                    "database": params["dbname"], "schema": schema_version(), "tables": tables,
                    "media_files": media_files,
                    # On S3-compatible storage the uploads are not in this archive: the bucket is backed
                    # up by its own means (MinIO's `mc mirror`, bucket versioning); README "Backup".
                    "media_storage": (f"s3://{settings.MEDIA_S3_BUCKET}/{settings.MEDIA_S3_OPTIONS['location']}"
                                      if settings.MEDIA_S3_BUCKET else "file system")}
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            for name in (MANIFEST, DUMP, MEDIA):
                archive.add(work / name, arcname=name)
        partial.replace(out)  # never a half-written archive under the final name
    return manifest


def read_manifest(archive_path):
    with tarfile.open(archive_path) as archive:
        return json.load(archive.extractfile(MANIFEST))


def _code_schema():
    """The last migration of each app in this code (what `migrate` would bring a database to)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {app: name for app, name in loader.graph.leaf_nodes()}


def restore(archive_path, database_url, media_root):
    """Restore the archive into the new database `database_url` (created here; refused if it exists)
    and its files into `media_root` (new or empty), then check every table's count and checksum.
    Returns (manifest, list of apps whose migrations are newer in this code than in the backup)."""
    target = dj_database_url.parse(database_url)
    _require_postgres(target)
    params, env = _libpq(target)
    media_root = Path(media_root)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore the files into a new directory")
    with tarfile.open(archive_path) as archive, tempfile.TemporaryDirectory() as work:
        manifest = json.load(archive.extractfile(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        code = _code_schema()
        ahead = sorted(app for app, name in manifest["schema"].items() if app in code and name > code[app])
        if ahead:
            raise BackupError("the backup's schema is newer than this code for: " + ", ".join(ahead)
                              + "; restore with the portal's version that made it")
        behind = sorted(app for app, name in code.items() if name > manifest["schema"].get(app, ""))

        admin = psycopg2.connect(**{**params, "dbname": "postgres"})
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["dbname"]])
                if cursor.fetchone():
                    raise BackupError(f"database {params['dbname']} exists: restore into a new database")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))
        finally:
            admin.close()
        archive.extract(DUMP, work, filter="data")
        restored = subprocess.run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
                                   f"--dbname={params['dbname']}", str(Path(work) / DUMP)],
                                  env=env, capture_output=True, text=True)
        if restored.returncode:
            raise BackupError(f"pg_restore failed: {restored.stderr.strip()}")
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=archive.extractfile(MEDIA), mode="r|") as media_tar:
            media_tar.extractall(media_root, filter="data")

    conn = psycopg2.connect(**params)
    try:
        with conn.cursor() as cursor:
            tables = table_checksums(cursor)
    finally:
        conn.close()
    differ = sorted(t for t in set(tables) | set(manifest["tables"]) if tables.get(t) != manifest["tables"].get(t))
    if differ:
        raise BackupError("restored tables differ from the backup: " + ", ".join(differ))
    return manifest, behind
