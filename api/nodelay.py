"""uvicorn's HTTP protocol with TCP_NODELAY on every connection, for ``serve --workers``.

With several workers uvicorn binds the listening socket itself as
``socket.socket(family)`` (protocol number 0), and asyncio sets TCP_NODELAY only on
sockets whose protocol number says TCP. The accepted connections kept Nagle's algorithm
on; uvicorn writes a response's head and body separately, so each keep-alive response
waited for the client's delayed ACK: measured ~48 ms per request at one connection with
two workers against ~3 ms with one (bench/national_questions). A single worker binds
through asyncio and does not need this.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
