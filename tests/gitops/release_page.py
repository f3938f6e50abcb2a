"""A loopback HTTP server standing in for the plugin's release page: the CLI is sent there
with PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES=".*=<url>/" and downloads the archive by name."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class ReleasePage:
    """Serves the files of `folder` on 127.0.0.1 and records the paths asked for."""

    def __init__(self, folder: Path) -> None:
        self.asked: list[str] = []
        page = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server hook's name
                page.asked.append(self.path)
                super().do_GET()

            def log_message(self, *args) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0),
                                           partial(Handler, directory=str(folder)))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def overrides(self) -> str:
        """PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES sending every plugin download here."""
        return f".*={self.url}/"

    def __enter__(self) -> ReleasePage:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
