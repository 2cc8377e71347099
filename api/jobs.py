"""Background load jobs: POST /api/load {"path": …} returns at once with a job id.

Why jobs: a folder load can take minutes. Run inside the request, it held a worker
thread for all that time, could not be stopped, and kept the server from stopping on
SIGTERM (uvicorn waits for running requests). As a job:

- one worker thread runs jobs one after another (loads write the graph; running them
  in turn keeps the writer's per-document order and bounds the work); at most
  :data:`MAX_PENDING` wait, more are refused with 503 ``busy``;
- ``DELETE /api/jobs/{id}`` cancels: a queued job never starts, a running one stops at
  the next document boundary (``PolicyGraph.load(should_stop=…)``): the document being
  written finishes, later ones are not started, and the documents written are relinked;
- at shutdown (SIGTERM, end of the app's lifespan) every job is cancelled the same way
  and the worker is joined, so the server stops within about one document's time;
- the last :data:`KEEP_FINISHED` finished jobs stay listed with their reports.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from api.limits import BusyError
from base.errors import NotFoundError, PolicyGraphError

log = logging.getLogger("policygraph.api.jobs")

MAX_PENDING = 4
KEEP_FINISHED = 50
FINAL = ("done", "failed", "cancelled")

# run(job) does the work, checking job.should_stop() between units, and returns a report.
Work = Callable[["Job"], dict[str, Any]]


@dataclass
class Job:
    id: str
    kind: str
    description: str
    state: str = "queued"  # queued | running | done | failed | cancelled
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    progress: dict[str, int] = field(default_factory=lambda: {"done": 0, "total": 0})
    report: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    cancel_requested: bool = False
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def should_stop(self) -> bool:
        return self._cancel.is_set()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "description": self.description, "state": self.state,
                "created": self.created, "started": self.started, "finished": self.finished,
                "progress": dict(self.progress), "cancel_requested": self.cancel_requested,
                "report": self.report, "error": self.error}


class JobRunner:
    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._work: dict[str, Work] = {}
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._closing = False
        self._seq = itertools.count(1)
        self._thread: threading.Thread | None = None  # started by the first job

    # -- public ---------------------------------------------------------------------

    def submit(self, kind: str, description: str, work: Work) -> Job:
        with self._lock:
            if self._closing:
                raise BusyError("The server is shutting down; no new jobs are accepted.",
                                hint="Send the request again once the server is back.", retry_after=30)
            pending = sum(1 for j in self._jobs.values() if j.state in ("queued", "running"))
            if pending >= MAX_PENDING:
                raise BusyError(f"{pending} load jobs are already queued or running.",
                                hint="GET /api/jobs shows them; retry when one has finished.", retry_after=30)
            job = Job(id=f"{next(self._seq)}-{uuid.uuid4().hex[:8]}", kind=kind, description=description)
            self._jobs[job.id] = job
            self._work[job.id] = work
            self._trim()
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="policygraph-jobs", daemon=True)
                self._thread.start()
            self._wake.notify()
            return job

    def list(self) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError(f"No job {job_id!r}.", hint="GET /api/jobs lists the known jobs.")
        return job

    def cancel(self, job_id: str) -> Job:
        job = self.get(job_id)
        with self._lock:
            if job.state not in FINAL:
                job.cancel_requested = True
                job._cancel.set()
                if job.state == "queued":
                    job.state, job.finished = "cancelled", time.time()
                    self._work.pop(job.id, None)
        return job

    def shutdown(self, timeout: float = 60.0) -> bool:
        """Cancel everything and wait for the worker; True when it stopped in time."""
        with self._lock:
            self._closing = True
            for job in self._jobs.values():
                if job.state not in FINAL:
                    job.cancel_requested = True
                    job._cancel.set()
                    if job.state == "queued":
                        job.state, job.finished = "cancelled", time.time()
                        self._work.pop(job.id, None)
            self._wake.notify_all()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- worker ---------------------------------------------------------------------

    def _trim(self) -> None:
        finished = [j.id for j in self._jobs.values() if j.state in FINAL]
        for jid in finished[:max(0, len(finished) - KEEP_FINISHED)]:
            self._jobs.pop(jid, None)

    def _next(self) -> tuple[Job, Work] | None:
        with self._lock:
            while True:
                for job in self._jobs.values():
                    if job.state == "queued" and job.id in self._work:
                        job.state, job.started = "running", time.time()
                        return job, self._work.pop(job.id)
                if self._closing:
                    return None
                self._wake.wait()

    def _loop(self) -> None:
        while (item := self._next()) is not None:
            job, work = item
            try:
                report = work(job)
                state, error = ("cancelled" if job.should_stop() else "done"), None
            except PolicyGraphError as e:
                report, state, error = None, "failed", e.to_dict()
            except Exception as e:  # a bug: keep the worker alive, say where to look
                log.exception("load job %s failed", job.id)
                report, state = None, "failed"
                error = {"error": "internal_error", "message": f"Internal error ({type(e).__name__}).",
                         "hint": "This is a bug in policygraph; the server log has the details."}
            with self._lock:
                job.report, job.error, job.state, job.finished = report, error, state, time.time()
                self._trim()
