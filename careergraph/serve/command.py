"""`careergraph serve`: the click command that opens the backend and runs the app."""

from __future__ import annotations

import ipaddress

import click

DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--open", "open_page", is_flag=True, help="Open the explorer in a web browser.")
@click.option(
    "--http-url",
    envvar="NEO4J_HTTP_URL",
    default="http://127.0.0.1:7474",
    show_default=True,
    help="Neo4j Browser's address, for the page's Neo4j Browser links (--backend neo4j only).",
)
@click.pass_obj
def serve(state, host: str, port: int, open_page: bool, http_url: str) -> None:
    """A live local explorer in the browser: search, pathways, plans that re-compute as
    you mark what you hold, requirement trees, node details; and its JSON API.

    Listens on 127.0.0.1 only unless --host says otherwise. A profile loaded in the page
    stays in the page and in the server's memory for one request: it is never written
    or logged.

    \b
    Examples:
      careergraph serve --open
      careergraph --backend neo4j serve --port 8800
    """
    import uvicorn

    from careergraph.serve.app import BrowserTarget, create_app

    backend = state.backend  # fails here, with its exit code, before anything listens
    neo4j = None
    if backend.name == "neo4j":
        neo4j = BrowserTarget(http_url, state.neo4j.uri, state.neo4j.user, state.neo4j.database)
    if not is_loopback(host):
        click.echo(
            f"careergraph: warning: listening on {host}: anyone who can reach this machine on port {port} "
            "can use the explorer and see what is loaded",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    click.echo(f"careergraph: serving {url} ({backend.name} backend); Ctrl+C stops", err=True)
    if open_page:
        import threading
        import webbrowser

        threading.Timer(0.8, webbrowser.open, [url]).start()
    # No access log: a query string can name what a person holds.
    uvicorn.run(
        create_app(backend, hosts=(shown, host), neo4j=neo4j),
        host=host.strip("[]"),
        port=port,
        access_log=False,
        log_level="warning",
        h11_max_incomplete_event_size=96 * 1024,
    )
