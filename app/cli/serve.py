"""`alur serve`: the web pages (and /api/v1) under uvicorn."""

from __future__ import annotations

import os

import typer

from app.cli.db import open_engine
from app.output import handled


def serve_cmd(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Alamat yang didengar."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Jumlah proses pekerja."),
) -> None:
    """Jalankan aplikasi web (halaman dan API) dengan uvicorn.

    Untuk beberapa pekerja pakai PostgreSQL; SQLite cocok untuk satu kantor di satu mesin.
    Di balik proxy HTTPS setel ALUR_WEB_SECURE_COOKIES=1."""
    import uvicorn

    from web.serving import ENV_DATABASE

    engine = open_engine(ctx)  # refuses a missing file or an old schema before starting
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    os.environ[ENV_DATABASE] = url  # read by every worker's factory
    typer.echo(f"alur web: http://{host}:{port}/ ({workers} pekerja); hentikan dengan Ctrl-C")
    with handled():
        uvicorn.run(
            "web.app:create_app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            log_level="warning",
        )
