"""Running the same request twice at the same moment, from two threads (two DB connections).

On PostgreSQL both run truly in parallel and both must succeed. SQLite's in-memory test database
(shared cache) refuses a second writer at once ("database table is locked") instead of waiting as
the file database in production does (WAL, busy timeout): there the refused request is retried, as
a phone on bad Wi-Fi would, and the retry must find the first request's row.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import OperationalError, connection


def at_once(call: Callable[[], Any], times: int = 2) -> tuple[list[Any], int]:
    """(results, retries): `call` run `times` times in parallel threads."""
    start = threading.Barrier(times)
    results: list[Any] = []
    retries = 0
    lock = threading.Lock()

    def run() -> None:
        nonlocal retries
        try:
            start.wait()
            for attempt in range(5):
                try:
                    value = call()
                    break
                except OperationalError as error:
                    if connection.vendor != "sqlite" or "locked" not in str(error) or attempt == 4:
                        raise
                    with lock:
                        retries += 1
                    time.sleep(0.05 * (attempt + 1))
            with lock:
                results.append(value)
        except Exception as error:  # reported by the caller's assertions
            with lock:
                results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, retries
