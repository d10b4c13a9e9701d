"""Jobs call services, services never reach the jobs: the import circle must not come back.

Read from the source (function-level imports included), so a lazy `from reporting import jobs`
inside a service, or in anything a service imports, fails here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["reporting.services", "reporting.period_services", "reporting.consolidation.services"]
JOB_MODULES = {"reporting.jobs", "reporting.job_dispatch"}


def module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imports_in(source: str) -> set[str]:
    """The project modules a source imports anywhere: at the top, or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {module for module in found if module_path(module) is not None}


def imports_of(name: str) -> set[str]:
    return imports_in(module_path(name).read_text())


def reachable_from(start: str) -> dict[str, str]:
    """Every project module `start` imports, directly or not, each with the module that imports it."""
    seen = {start: ""}
    pending = [start]
    while pending:
        current = pending.pop()
        for module in imports_of(current):
            if module not in seen:
                seen[module] = current
                pending.append(module)
    return seen


def chain(seen: dict[str, str], module: str) -> str:
    links = [module]
    while seen[links[-1]]:
        links.append(seen[links[-1]])
    return " ← ".join(links)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_module_never_imports_the_jobs(service):
    seen = reachable_from(service)
    reached = JOB_MODULES & set(seen)
    assert not reached, [chain(seen, module) for module in sorted(reached)]


def test_the_jobs_import_the_services_they_call():
    assert {"reporting.consolidation.services", "reporting.period_services"} <= reachable_from("reporting.jobs").keys()


def test_the_check_sees_the_lazy_import_the_services_once_had():
    source = "def _enqueue(job_name, *args):\n    from reporting import jobs\n\n    return getattr(jobs, job_name)\n"
    assert "reporting.jobs" in imports_in(source)
