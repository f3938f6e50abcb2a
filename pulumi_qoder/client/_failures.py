"""How a request ends without an answer, in httpx's names, without loading httpx.

`Connection` (the client's own socket) raises these; `HttpxConnection` turns httpx's own
exceptions into them, keeping httpx's class name. `QoderClient` turns both into
`APIConnectionError` / `APITimeoutError`, whose text names the failure as httpx named it
(`ConnectError`, `ReadTimeout`, ...): the error texts users see are the same either way,
and a process that makes only its own requests never imports httpx (0.04 s of CPU on
its own; 0.013 s of the plugin's first create, where pydantic loads some of what it would).
"""

from __future__ import annotations

__all__ = ["ConnectError", "ConnectTimeout", "ReadError", "ReadTimeout", "RemoteProtocolError",
           "TransportError", "TransportTimeout"]


class TransportError(Exception):
    """No answer: the connection could not be made, or failed midway."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name or type(self).__name__
        """httpx's name for the failure, as the error texts give it."""


class TransportTimeout(TransportError):
    """No answer in time: connecting, or waiting for the answer."""


class ConnectError(TransportError):
    pass


class ReadError(TransportError):
    pass


class RemoteProtocolError(TransportError):
    """The server's answer is not HTTP/1.1 as it must be, or it closed the connection."""


class ConnectTimeout(TransportTimeout):
    pass


class ReadTimeout(TransportTimeout):
    pass
