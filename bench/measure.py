"""Time and memory readings shared by the benchmark scripts (Linux: /proc and getrusage)."""

from __future__ import annotations

import resource

__all__ = ["rss_mb", "peak_mb", "cpu_s", "children_cpu_s", "children_peak_mb"]


def rss_mb() -> float:
    """Resident memory of this process now."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s(children: bool = False) -> float:
    """CPU seconds of this process, plus its finished children's when asked."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    total = u.ru_utime + u.ru_stime
    return total + children_cpu_s() if children else total


def children_cpu_s() -> float:
    """CPU seconds of finished child processes (e.g. spaCy's parse workers)."""
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return c.ru_utime + c.ru_stime


def children_peak_mb() -> float:
    """Peak resident memory of the largest finished child process."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
