"""A TCP proxy in front of PostgreSQL that a test can cut: the database "goes down" for the
processes that reach it through the proxy (their connections are closed, new ones refused)
and comes back when the test says so. The test's own engine goes straight to PostgreSQL.

    with CuttableProxy() as proxy:
        url = proxy.url(schema.url)   # the same database, through the proxy
        proxy.cut(); ...; proxy.restore()
"""

from __future__ import annotations

import contextlib
import socket
import threading

from sqlalchemy.engine import make_url


class CuttableProxy:
    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._up = threading.Event()
        self._up.set()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._stopping = False
        self.cuts = 0

    def __enter__(self) -> CuttableProxy:
        threading.Thread(target=self._accept, name="db-proxy", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping = True
        self._listener.close()
        self._close_all()

    def url(self, database_url: str) -> str:
        """`database_url`, reached through this proxy."""
        return (
            make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)
        )

    def cut(self) -> None:
        """The database is gone: every connection through the proxy closes, new ones fail."""
        self._up.clear()
        self.cuts += 1
        self._close_all()

    def restore(self) -> None:
        self._up.set()

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()  # down: the connection is refused at once
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._open |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
