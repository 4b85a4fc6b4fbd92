"""Parsing and extraction on a Dask cluster (`kg build --dask ...`): the workers run the same per-chunk
function as the local pool (`workers.extract_chunk`), each loading the model once; this process reads
the documents, resolves and stores.

`--dask local` (or `local:N`) starts a LocalCluster of N single-threaded worker processes on this
machine; any other value is a scheduler's address (`tcp://host:8786`), whose workers need the
package and the spaCy model installed. dask.distributed is an optional extra:
`pip install 'diplomacy-kg[distributed]'`.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from .errors import UserError
from .records import Document
from .workers import IN_FLIGHT, Chunk, _chunks, extract_chunk


def extract_on_dask(documents: Iterable[Document], model: str, batch_size: int, address: str,
                    language: str | None = None) -> Iterator[Chunk]:
    """Chunks of extractions in input order, computed by the cluster's workers; only a few chunks per
    worker are in flight, so the documents are read as the workers need them."""
    with _client(address) as client:
        pending = deque()
        for chunk in _chunks(documents, batch_size):
            # pure=False: two chunks with equal contents are still two pieces of work
            pending.append(client.submit(extract_chunk, chunk, model, batch_size, language, pure=False))
            if len(pending) >= IN_FLIGHT * _threads(client):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _threads(client) -> int:
    """The cluster's threads now (the client's cached view: workers may join or leave during a build)."""
    return max(1, sum(worker.get("nthreads", 1) for worker in client.scheduler_info().get("workers", {}).values()))


@contextmanager
def _client(address: str):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UserError(f"--dask {address}: dask.distributed is not installed; "
                        "pip install 'diplomacy-kg[distributed]'") from None
    for name in ("distributed", "tornado", "bokeh"):  # the cluster's chatter is not the build's
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster = None
    if address == "local" or address.startswith("local:"):
        workers = _local_workers(address)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError, ValueError) as error:
            raise UserError(f"--dask {address}: cannot reach the scheduler ({error}); check the address "
                            "(tcp://host:8786) and that the scheduler runs") from error
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _local_workers(address: str) -> int:
    count = address.partition(":")[2]
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or int(count) < 1:
        raise UserError(f"--dask {address}: give local, or local:N with N worker processes")
    return int(count)
