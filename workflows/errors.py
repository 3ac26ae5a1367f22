"""Errors raised while loading workflow files.

WorkflowError
├── DefinitionInvalid   one file has problems (all of them listed, with YAML lines)
├── DuplicateWorkflow   two files declare the same id
└── UnknownWorkflow     no workflow has the id asked for
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DefinitionInvalid",
    "DuplicateWorkflow",
    "FileProblem",
    "UnknownWorkflow",
    "WorkflowError",
]


class WorkflowError(Exception):
    """Base of every workflow-loading error."""


@dataclass(frozen=True)
class FileProblem:
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"baris {self.line} " if self.line else ""
        return f"{where}{self.field}: {self.message}" if self.field else f"{where}{self.message}"


class DefinitionInvalid(WorkflowError):
    def __init__(self, path: Path | str, problems: list[FileProblem]) -> None:
        self.path = str(path)
        self.problems = problems
        count = f"{len(problems)} masalah"
        super().__init__(f"{self.path}: {count}: " + "; ".join(str(p) for p in problems))


class DuplicateWorkflow(WorkflowError):
    def __init__(self, workflow_id: str, first: str, second: str) -> None:
        self.workflow_id, self.first, self.second = workflow_id, first, second
        super().__init__(f"{second}: id {workflow_id!r} sudah dideklarasikan di {first}")


class UnknownWorkflow(WorkflowError):
    def __init__(self, workflow_id: str) -> None:
        self.workflow_id = workflow_id
        super().__init__(f"layanan {workflow_id!r} tidak dikenal (lihat: alur workflows list)")
