"""A Redis connection that gives up at once for a few seconds after Redis failed.

django-redis turns a failed command into a cache miss (IGNORE_EXCEPTIONS), and the socket timeouts
bound how long one command may wait. But a page makes several cache calls, and against a hung Redis
each would wait its full timeout. After one failure this connection class refuses to even try for
DOWN_SECONDS (per process), so an outage costs a request at most one timeout, not one per cache call.
"""

import threading
import time

from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError, TimeoutError

DOWN_SECONDS = 5.0
_lock = threading.Lock()
_down_until = 0.0


def _trip():
    global _down_until
    with _lock:
        _down_until = time.monotonic() + DOWN_SECONDS


def redis_marked_down():
    return time.monotonic() < _down_until


def reset():
    """Forget a past failure (tests that start a fresh Redis)."""
    global _down_until
    with _lock:
        _down_until = 0.0


class FailFastConnection(Connection):
    def connect(self):
        if self._sock is None and redis_marked_down():
            raise ConnectionError("Redis failed moments ago; not retrying yet.")
        try:
            super().connect()
        except (ConnectionError, TimeoutError):
            _trip()
            raise

    def send_packed_command(self, *args, **kwargs):
        try:
            return super().send_packed_command(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            _trip()
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            _trip()
            raise


class FailFastConnectionPool(ConnectionPool):
    """django-redis's CONNECTION_POOL_CLASS: plain TCP connections become FailFastConnections."""

    def __init__(self, connection_class=Connection, **kwargs):
        if connection_class is Connection:
            connection_class = FailFastConnection
        super().__init__(connection_class=connection_class, **kwargs)
