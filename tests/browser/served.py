"""The built book over http on loopback, as ``make serve`` serves it, with a log of what it sent.

Browsers start Web Workers and WebAssembly only for pages served over http(s), so the answer
boxes are tested here rather than on ``file://``. Every response is logged with its path,
status and body size, so that a test can tell what a page fetched, and how much of it.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path


@dataclass
class Sent:
    path: str
    status: int
    bytes: int = 0


@dataclass
class ServedBook:
    url: str
    """The book's root, ``http://127.0.0.1:PORT/``."""
    log: list[Sent] = field(default_factory=list)

    def allow(self, url: str) -> bool:
        """True for the book's own URLs (and data: URLs), the only ones a page may fetch."""
        return url.startswith((self.url, "data:"))

    def mark(self) -> int:
        return len(self.log)

    def since(self, mark: int) -> list[Sent]:
        return self.log[mark:]


class _Handler(http.server.SimpleHTTPRequestHandler):
    served: ServedBook

    def log_request(self, code="-", size="-") -> None:
        self._sent = Sent(self.path.split("?")[0], int(getattr(code, "value", code)))
        self.served.log.append(self._sent)

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        pass

    def copyfile(self, source, outputfile) -> None:
        super().copyfile(source, outputfile)
        self._sent.bytes = source.tell()


@contextmanager
def serve(directory: Path) -> Iterator[ServedBook]:
    """Serve ``directory`` on an ephemeral port of 127.0.0.1 until the block ends."""
    handler = type("Handler", (_Handler,), {})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(directory))
    )
    served = ServedBook(f"http://127.0.0.1:{server.server_address[1]}/")
    handler.served = served
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
