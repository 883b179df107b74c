"""Every document of the vocabulary by name, and its JSON Schema (``docs/schema/NAME.json``)."""

from __future__ import annotations

import json
from pathlib import Path

from ballottage.vocabulary.common import Document
from ballottage.vocabulary.elections import CompareDoc, SeatsDoc, VerifyDoc
from ballottage.vocabulary.files import FetchDoc, OfficialFilesDoc, ReportDoc
from ballottage.vocabulary.law import AllocateDoc, QualifyDoc, RuleSets
from ballottage.vocabulary.live import LiveHistoryDoc, LivePageDoc, LiveUpdateDoc
from ballottage.vocabulary.problems import ErrorDoc
from ballottage.vocabulary.scenarios import ProjectDoc, SimulateDoc
from ballottage.vocabulary.store import ElectionsDoc, ImportsDoc, ResultsDoc
from ballottage.vocabulary.transfers import (
    BenchmarkDoc,
    EstimateDoc,
    UnitsEstimateDoc,
    ValidateDoc,
)
from ballottage.vocabulary.web import ElectionsPage, ProjectPage, RegionPage, SimulatePage

DOCUMENTS: dict[str, type[Document]] = {
    "error": ErrorDoc,
    "rules": RuleSets,
    "allocate": AllocateDoc,
    "qualify": QualifyDoc,
    "elections": ElectionsDoc,
    "import": ImportsDoc,
    "results": ResultsDoc,
    "seats": SeatsDoc,
    "verify": VerifyDoc,
    "compare": CompareDoc,
    "project": ProjectDoc,
    "simulate": SimulateDoc,
    "transfers-estimate": EstimateDoc,
    "transfers-estimate-units": UnitsEstimateDoc,
    "transfers-validate": ValidateDoc,
    "transfers-benchmark": BenchmarkDoc,
    "report": ReportDoc,
    "fetch": FetchDoc,
    "fetch-list": OfficialFilesDoc,
    "live": LiveUpdateDoc,
    "live-history": LiveHistoryDoc,
    "api-elections": ElectionsPage,
    "api-region": RegionPage,
    "api-project": ProjectPage,
    "api-simulate": SimulatePage,
    "api-live-state": LivePageDoc,
}
"""Name (the command, or ``api-`` and the route) → the document it prints or answers."""

BASE = "https://ballottage.invalid/schema/"
"""The ``$id`` prefix of the published schemas (a name, not an address to fetch)."""


def schema(name: str) -> dict[str, object]:
    """The JSON Schema of the document ``name``, as published."""
    model = DOCUMENTS[name]
    body = model.model_json_schema(by_alias=True, mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}{name}.json",
        **body,
    }


def schema_text(name: str) -> str:
    """The published file of ``name``: its schema as indented JSON, one newline at the end."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (and drop files of documents that no longer exist)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DOCUMENTS:
        path = folder / f"{name}.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    for stale in set(folder.glob("*.json")) - set(written):
        stale.unlink()
    return written
