"""CPU seconds of the processes a benchmark step starts, by kind, sampled from /proc (Linux).

    with CpuSampler() as cpu:
        ...            # run the step
    cpu.by_kind()      # {"pulumi CLI": 19.8, "plugin": 2.1, "language host": 0.5, ...}

A process is sampled every `interval` seconds while it lives; its last sample counts, so a
process that lives less than one interval may be missed (a CLI's short-lived helpers).
Which one bounds a step is what this tells: at 1 x 300 the `pulumi` CLI's own CPU (its
whole-state checkpoint after every step on the file backend, docs/performance.md) against
the plugin's.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

__all__ = ["CpuSampler", "kind_of"]

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def kind_of(argv: list[str]) -> str | None:
    """The kind of a process by its command line; None: not one of a step's."""
    if not argv:
        return None
    program = Path(argv[0]).name
    text = " ".join(argv)
    if program == "pulumi":
        return "pulumi CLI"
    if program.startswith("pulumi-language-") or "pulumi-language-" in text:
        return "language host"
    if "pulumi-resource-qoder" in text or "pulumi_qoder.native" in text:
        return "plugin"
    if "pulumi_qoder.emulator" in text:
        return "emulator"
    if "pulumi.dynamic" in text or "dynamic-provider" in text or "pulumi-resource-pulumi" in text:
        return "dynamic provider host"
    return None


class CpuSampler:
    """Samples the CPU time of every process `kind_of` knows, on a thread of its own."""

    def __init__(self, interval: float = 0.2) -> None:
        self._interval = interval
        self._seen: dict[int, tuple[str, float]] = {}
        self._start: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-sampler", daemon=True)

    def __enter__(self) -> CpuSampler:
        self._sample(first=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def by_kind(self) -> dict[str, float]:
        """CPU seconds used during the sampling, per kind, largest first."""
        totals: dict[str, float] = {}
        for pid, (kind, seconds) in self._seen.items():
            totals[kind] = totals.get(kind, 0.0) + seconds - self._start.get(pid, 0.0)
        return dict(sorted(totals.items(), key=lambda item: -item[1]))

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def _sample(self, first: bool = False) -> None:
        for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            kind = kind_of([a for a in argv if a])
            if kind is None:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            seconds = (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
            pid = int(entry.name)
            if first:
                self._start[pid] = seconds  # a process already running (the emulator)
            self._seen[pid] = (kind, seconds)
