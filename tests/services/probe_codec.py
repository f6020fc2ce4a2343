"""A batch codec whose module writes down each process that imports it (in the file
named by $PLANWORKS_PROBE_FILE), to see when the writing process loads its codecs."""

from __future__ import annotations

import json
import os
from datetime import date

from planworks.services.reporting import ReportIn, Submission

_FILE = os.environ.get("PLANWORKS_PROBE_FILE")
if _FILE:
    with open(_FILE, "a") as f:
        f.write(f"{os.getpid()}\n")


class ProbeCodec:
    """Reports as a JSON list of [report_id, unit, date, product, quantity]; the answer
    is how many were stored."""

    def decode(self, body: bytes) -> list[ReportIn]:
        return [
            ReportIn(i, unit, date.fromisoformat(day), product, quantity)
            for i, unit, day, product, quantity in json.loads(body)
        ]

    def encode(self, done: Submission) -> bytes:
        return b"%d" % done.new


CODEC = ProbeCodec()
