"""``ballottage fetch``: the Ministry's full result files, for users who are online."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)

from ballottage.cli.app import JSON_HELP, app, console, emit_json, errors, reporting_errors
from ballottage.cli.render import plain_table


@app.command("fetch", rich_help_panel="Data")
def fetch_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Files by key, election or year (e.g. 2015); all when omitted."),
    ] = None,
    to: Annotated[Path | None, typer.Option("--to", help="Directory to write to.")] = None,
    url: Annotated[
        str | None, typer.Option(help="Download this address instead (your own copy).")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="Take each file from BASE_URL/<file name> (a mirror)."),
    ] = None,
    list_only: Annotated[bool, typer.Option("--list", help="Only list the known files.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Download the Ministry of the Interior's result files from data.gouv.fr.

    The demo and the tests never need them: the package ships the figures it uses. The full
    files (communes, polling stations) feed `ballottage transfers` and re-imports.
    """
    from ballottage.data.sources.download import (
        OFFICIAL_FILES,
        check_url,
        download,
        downloads_dir,
        select_files,
    )

    with reporting_errors():
        chosen = select_files(list(files or []))
        directory = to or downloads_dir()
        if list_only:
            rows = [[f.key, f.round, f.level, f.url] for f in OFFICIAL_FILES.values()]
            if as_json:
                from ballottage.vocabulary.files import OfficialFileDoc, OfficialFilesDoc

                listed = (
                    OfficialFileDoc(key=f.key, round=f.round, level=f.level, url=f.url)
                    for f in OFFICIAL_FILES.values()
                )
                emit_json(OfficialFilesDoc(files=tuple(listed)))
            else:
                console.print(
                    plain_table("Official files", ["Key", "Round", "Level", "Address"], rows)
                )
            return
        targets = (
            [(None, url)]
            if url
            else [
                (f, f"{base_url.rstrip('/')}/{f.filename}" if base_url else f.url) for f in chosen
            ]
        )
        for _, address in targets:
            check_url(address)  # before any progress bar is drawn
        from ballottage.vocabulary.files import FetchDoc, FetchedDoc

        results: list[FetchedDoc] = []
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=errors,
            disable=as_json,
            transient=False,
        ) as progress:
            for official, address in targets:
                label = official.key if official else address.rsplit("/", 1)[-1]
                task = progress.add_task(label, total=None)

                def advance(done: int, total: int | None, task: TaskID = task) -> None:
                    progress.update(task, completed=done, total=total)

                path, sha = download(
                    address,
                    directory,
                    filename=official.filename if official else None,
                    on_progress=advance,
                )
                results.append(
                    FetchedDoc(
                        key=label,
                        url=address,
                        path=str(path),
                        sha256=sha,
                        bytes=path.stat().st_size,
                    )
                )
    if as_json:
        emit_json(FetchDoc(files=tuple(results)))
    else:
        for r in results:
            console.print(f"[green]✔[/] {r.key}: {r.path} ({r.bytes:,} bytes)")
