"""JSON Schema of the data files, generated from the models, for editors and other tools."""

from __future__ import annotations

import json
from typing import Literal

from . import ProgressReport, Registry

SchemaKind = Literal["projects", "progress"]

_TITLES = {
    "projects": "重点民生实事项目登记表（projects.yaml）",
    "progress": "重点民生实事月度进展报告（progress/YYYY-MM/单位.yaml）",
}


def json_schema(kind: SchemaKind) -> str:
    model = Registry if kind == "projects" else ProgressReport
    schema = model.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": _TITLES[kind],
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
