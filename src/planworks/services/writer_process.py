"""The report writer in a process of its own, as `planworks serve` runs it.

Checking and writing a group of reports is Python work (Polars and SQLAlchemy calls)
that holds the interpreter's lock for milliseconds at a time. In the server's own
process it would hold up every request and page while it runs; in a process of its
own it runs beside them, on the other core.

The server's process keeps the same interface as `ReportWriter` (`submit` returns a
future). Two threads move the submissions: one sends them down a pipe to the writing
process (as many as are waiting, in one message), one receives the outcomes and
settles the futures. The writing process groups what has arrived while it wrote the
last group and writes it with `write_together`, so a group commit works as it does in
one process. If the writing process dies, the submissions in flight fail with a
`StoreError` and the next submission starts a new one.

A batch may also be sent as its body, with the codec that reads it (`submit_body`):
the writing process decodes it and encodes the answer, so that the server's process
only moves bytes. The codecs the batches will come with are given at the start
(`codecs`), so each writing process has loaded them before it takes the first batch.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import pickle
import queue
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from planworks.domain.access import Principal
from planworks.domain.errors import StoreError
from planworks.services.reporting import (
    BatchCodec,
    Encoded,
    Pending,
    ReportIn,
    Submission,
    write_together,
)
from planworks.store.engine import in_memory, make_engine

__all__ = ["ReportWriterProcess"]

#: One submission on its way to the writing process: its number, its reports (or a
#: body and the codec that reads it), the sender, and whether it is a single report.
_Sent = tuple[int, list[ReportIn] | tuple[BatchCodec, bytes], Principal, bool]
#: A submission read, waiting to be written: as sent, with the codec of its answer
#: (None: the answer is the `Submission`).
_Read = tuple[int, list[ReportIn], Principal, bool, BatchCodec | None]
#: What became of it: its number, and the submission stored (or the answer encoded),
#: or the error.
_Outcome = tuple[int, Submission | Encoded | BaseException]

#: The most reports written in one transaction (a submission bigger than this is still
#: one transaction), as for the thread. Bigger groups write each report more cheaply
#: (about 110 us a report in groups of 25,000, 170 us in groups of 5,000, more below),
#: and each commit costs PostgreSQL a flush to disk. Smaller groups would send their
#: answers to the server's event loop in smaller waves, for pages to wait behind; in
#: the 400,000-unit load run, groups of 5,000 wrote 3,278 reports a second on
#: PostgreSQL and 7,822 on SQLite (groups of 20,000: 6,380 and 9,099), with pages no
#: faster.
MAX_REPORTS = 20_000

#: What the writing process says when it is ready, and how long it may take to say it.
READY = "ready"
START_S = 120


class ReportWriterProcess:
    """Writes reports, in groups, in a process of its own on the database of `engine`."""

    def __init__(
        self,
        engine: Engine,
        *,
        max_reports: int = MAX_REPORTS,
        codecs: Sequence[BatchCodec] = (),
    ) -> None:
        """`codecs`: those the batches will come with, loaded by each writing process
        as it starts (a codec's module may take a second to import: the first batch
        would wait for it)."""
        if in_memory(engine):
            raise StoreError("an in-memory database cannot be written from another process")
        self.url = engine.url.render_as_string(hide_password=False)
        self.max_reports = max_reports
        self.codecs = tuple(codecs)
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self._outbox: queue.SimpleQueue[tuple[_Sent, Future[Any]] | None] = queue.SimpleQueue()
        self._context = multiprocessing.get_context("spawn")
        self._child: _Child | None = self._start()
        self._sender = threading.Thread(target=self._send, name="report-sender", daemon=True)
        self._sender.start()

    @property
    def _process(self) -> Any:
        """The writing process now (or the last one, once closed)."""
        return None if self._child is None else self._child.process

    def submit(
        self, sent: Sequence[ReportIn], *, sender: Principal, single: bool = False
    ) -> Future[Submission]:
        """Queue a submission; the future holds its outcome (or its error)."""
        future: Future[Submission] = Future()
        self._outbox.put(((next(self._numbers), list(sent), sender, single), future))
        return future

    def submit_body(self, body: bytes, codec: BatchCodec, *, sender: Principal) -> Future[Encoded]:
        """Queue a batch sent as a body: the writing process decodes it with `codec` and
        encodes the answer; the future holds it (or the error)."""
        future: Future[Encoded] = Future()
        self._outbox.put(((next(self._numbers), (codec, body), sender, False), future))
        return future

    def close(self) -> None:
        """Write what is queued, then stop the writing process."""
        self._outbox.put(None)
        self._sender.join()
        child = self._child
        if child is not None:
            child.process.join(timeout=60)
            if child.process.is_alive():
                child.process.kill()
            child.receiver.join(timeout=60)  # its last answers are settled before close returns

    def _start(self) -> _Child:
        """A new writing process, and a thread that hears its outcomes."""
        requests_in, requests_out = self._context.Pipe(duplex=False)
        answers_in, answers_out = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=_write_in_child,
            args=(self.url, requests_in, answers_out, self.max_reports, self.codecs),
            name="planworks-report-writer",
            daemon=True,
        )
        process.start()
        # the child holds its own ends: closing ours lets each side see the other go
        requests_in.close()
        answers_out.close()
        # ready when the child is: a report sent meanwhile would wait out its start-up
        try:
            if not answers_in.poll(START_S) or answers_in.recv() != READY:
                raise EOFError
        except (EOFError, OSError) as e:
            process.kill()
            answers_in.close()
            requests_out.close()
            raise StoreError(
                f"the report writer did not start (it stopped, or took over {START_S} s)"
            ) from e
        child = _Child(process, requests_out)
        child.receiver = threading.Thread(
            target=self._receive, args=(child, answers_in), name="report-receiver", daemon=True
        )
        child.receiver.start()
        return child

    def _send(self) -> None:
        while True:
            first = self._outbox.get()
            group = [first]
            while True:
                try:
                    group.append(self._outbox.get_nowait())
                except queue.Empty:
                    break
            message = [item for item in group if item is not None]
            if message:
                self._send_on(message)
            if len(message) < len(group):  # told to stop
                with self._lock:
                    child = self._child
                    if child is not None:
                        child.stopping = True
                if child is not None:
                    with contextlib.suppress(OSError, ValueError):  # gone: nothing to write
                        child.requests.send(None)
                    child.requests.close()
                return

    def _send_on(self, message: list[tuple[_Sent, Future[Any]]]) -> None:
        """Send submissions to the writing process, starting one if none runs."""
        with self._lock:
            if self._child is None:
                try:
                    self._child = self._start()
                except StoreError as e:  # none could start: these fail, later ones try again
                    for _, future in message:
                        future.set_exception(e)
                    return
            child = self._child
            for sent, future in message:
                child.waiting[sent[0]] = future
        try:
            child.requests.send([sent for sent, _ in message])
        except (OSError, ValueError) as e:  # the writing process is gone
            self._gone(child, e)

    def _receive(self, child: _Child, answers: Connection) -> None:
        while True:
            try:
                outcomes: list[_Outcome] = answers.recv()
            except (EOFError, OSError) as e:
                answers.close()
                self._gone(child, e)
                return
            for number, outcome in outcomes:
                with self._lock:
                    future = child.waiting.pop(number, None)
                if future is None:
                    continue
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _gone(self, child: _Child, cause: BaseException) -> None:
        """A writing process has ended (or its pipe broke): what it had not answered
        fails, and unless it was told to stop, the next submission starts another. Both
        the sender and the receiver may find out first; the first one does this."""
        with self._lock:
            if self._child is child and not child.stopping:
                self._child = None
            lost = list(child.waiting.values())
            child.waiting.clear()
        # its pipe is left to close when the child is let go: the sender may be writing
        # to it at this moment, from another thread
        error = StoreError(f"the report writer stopped before writing this: {cause!r}")
        for future in lost:
            future.set_exception(error)


@dataclass(eq=False)
class _Child:
    """One writing process: the pipe to it, the futures it has yet to settle, and the
    thread that settles them."""

    process: Any
    requests: Connection
    waiting: dict[int, Future[Any]] = field(default_factory=dict)
    receiver: threading.Thread = field(init=False)
    stopping: bool = False  # told to stop: its end is not a death


def _write_in_child(
    url: str,
    requests: Connection,
    answers: Connection,
    max_reports: int,
    codecs: Sequence[BatchCodec] = (),  # unpickled, so loaded, as the process starts
) -> None:
    """The writing process: take in what has arrived, write it in groups of at most
    `max_reports` (one submission, however big, is one group), answer each group;
    until told to stop, with nothing left to write, or the server's process goes away.

    The server sends whatever is waiting in one message, so one message may hold many
    groups' worth: they are still written, and answered, a group at a time. A body is
    decoded as it arrives; one that cannot be is answered at once."""
    engine = make_engine(make_url(url), pooled=True)
    write_together(engine, [])  # reads what every write needs: the region tree, the products
    answers.send(READY)
    waiting: deque[_Read] = deque()
    stopping = False
    try:
        while waiting or not stopping:
            try:
                while not stopping and (not waiting or requests.poll()):
                    message = requests.recv()
                    if message is None:
                        stopping = True
                    else:
                        refused = _read(message, waiting)
                        if refused:
                            answers.send(refused)
            except EOFError:
                return
            group: list[_Read] = []
            size = 0
            while waiting and (not group or size + len(waiting[0][1]) <= max_reports):
                group.append(waiting.popleft())
                size += len(group[-1][1])
            if group:
                answers.send(_written(engine, group))
    finally:
        engine.dispose()


def _read(message: list[_Sent], waiting: deque[_Read]) -> list[_Outcome]:
    """Queue a message's submissions, bodies decoded; the outcomes of those that
    cannot be."""
    refused: list[_Outcome] = []
    for number, sent, sender, single in message:
        if isinstance(sent, list):
            waiting.append((number, sent, sender, single, None))
            continue
        codec, body = sent
        try:
            waiting.append((number, codec.decode(body), sender, single, codec))
        except Exception as e:
            refused.append((number, _sendable(e)))
    return refused


def _written(engine: Engine, group: Sequence[_Read]) -> list[_Outcome]:
    pending = [Pending(sent, sender, single) for _, sent, sender, single, _ in group]
    try:
        write_together(engine, pending)
    except Exception as e:  # the database failed: every sender hears of it
        for p in pending:
            if not p.future.done():
                p.future.set_exception(e)
    outcomes: list[_Outcome] = []
    for (number, _, _, _, codec), p in zip(group, pending, strict=True):
        error = p.future.exception()
        if error is not None:
            outcomes.append((number, _sendable(error)))
            continue
        done = p.future.result()
        try:
            outcomes.append((number, done if codec is None else Encoded.of(done, codec)))
        except Exception as e:
            outcomes.append((number, _sendable(e)))
    return outcomes


def _sendable(error: BaseException) -> BaseException:
    """The error itself if it survives the pipe, else a StoreError saying what it was."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return StoreError(f"the database refused the reports: {error}")
    return error
