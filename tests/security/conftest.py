"""Counts what the security tests tried, printed at the end of the run for the issue's closing note."""

from collections import Counter

TALLY: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    if TALLY:
        terminalreporter.section("security probes")
        for key, count in sorted(TALLY.items()):
            terminalreporter.write_line(f"{key}: {count}")
