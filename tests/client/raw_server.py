"""A scripted HTTP/1.1 server on a real socket: what a client sent, on which connection.

Each request is answered by the next scripted action: `reply(...)` (optionally closing the
connection after the answer), `drop()` (close without answering), `hang()` (never answer).
Every request is recorded with the number of the TCP connection it came on, so keep-alive
and reconnects are observable; `accepted` counts every connection, those whose TLS
handshake failed too. `tls=(cert, key)` serves HTTPS.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from dataclasses import dataclass, field


@dataclass
class Seen:
    connection: int
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


@dataclass
class RawServer:
    tls: tuple[str, str] | None = None
    seen: list[Seen] = field(default_factory=list)
    _script: list[tuple] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._context = None
        if self.tls:
            self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._context.load_cert_chain(*self.tls)
        self._connections = 0
        self.accepted = 0
        self._open: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def reply(self, status=200, body=None, *, close=False, silently=False,
              headers=None) -> RawServer:
        """Answer; `close` closes the connection after, saying so (`Connection: close`)
        unless `silently` (as a server whose keep-alive expired does)."""
        self._script.append(("reply", status, body if body is not None else {},
                             "silently" if silently else close, headers or {}))
        return self

    def raw(self, answer: bytes, *, close=False) -> RawServer:
        """Answer with exactly these bytes (then close the connection if `close`)."""
        self._script.append(("raw", answer, close))
        return self

    def drop(self) -> RawServer:
        self._script.append(("drop",))
        return self

    def hang(self) -> RawServer:
        self._script.append(("hang",))
        return self

    def close(self) -> None:
        self._stop.set()
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self._listener.close()
        for sock in self._open:
            try:
                sock.close()
            except OSError:
                pass

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            self.accepted += 1
            if self._context is not None:
                try:
                    sock = self._context.wrap_socket(sock, server_side=True)
                except (OSError, ssl.SSLError):
                    continue
            self._connections += 1
            self._open.append(sock)
            threading.Thread(target=self._serve, args=(sock, self._connections),
                             daemon=True).start()

    def _serve(self, sock: socket.socket, number: int) -> None:
        reader = sock.makefile("rb")
        while True:
            line = reader.readline()
            if not line:
                sock.close()
                return
            method, target, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while (header := reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = reader.read(int(headers.get("content-length", "0")))
            self.seen.append(Seen(number, method, target, headers, body))
            action = self._script.pop(0) if self._script else ("reply", 200, {}, False, {})
            if action[0] == "drop":
                sock.close()
                return
            if action[0] == "raw":
                sock.sendall(action[1])
                if action[2]:
                    sock.close()
                    return
                continue
            if action[0] == "hang":
                self._stop.wait()
                return
            _, status, payload, close, extra = action
            content = json.dumps(payload).encode()
            head = [f"HTTP/1.1 {status} X", "Content-Type: application/json",
                    f"Content-Length: {len(content)}"]
            head += [f"{k}: {v}" for k, v in extra.items()]
            if close is True:
                head.append("Connection: close")
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + content)
            if close:
                sock.close()
                return
