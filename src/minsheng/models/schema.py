"""JSON Schema of the data files, generated from the models, for editors and other tools."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel

from . import ProgressReport, Registry
from .acceptance import Acceptance
from .duban import Action, Inspection
from .office import Office

SchemaKind = Literal["projects", "progress", "office", "acceptance", "action", "inspection"]

_MODELS: dict[str, type[BaseModel]] = {
    "projects": Registry,
    "progress": ProgressReport,
    "office": Office,
    "acceptance": Acceptance,
    "action": Action,
    "inspection": Inspection,
}
_TITLES = {
    "projects": "重点民生实事项目登记表（projects.yaml）",
    "progress": "重点民生实事月度进展报告（progress/YYYY-MM/单位.yaml）",
    "office": "重点民生实事本办规则（office.yaml）：预警颜色、通报用语、休息日、免报、验收、督办",
    "acceptance": "重点民生实事验收记录（duban/acceptance/名称.yaml）",
    "action": "重点民生实事督办事项（duban/actions/下发日期-单位-序号.yaml）",
    "inspection": "重点民生实事督查记录（duban/inspections/督查日期-序号.yaml）",
}


def json_schema(kind: SchemaKind) -> str:
    schema = _MODELS[kind].model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": _TITLES[kind],
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
