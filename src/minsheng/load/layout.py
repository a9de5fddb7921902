"""The data folder's layout: where the registry, the reports, the office's files and the 督办
ledger live, as paths relative to the data folder (with ``/``, as git names them too)."""

from __future__ import annotations

import re
from datetime import date

from ..dates import MONTH

REGISTRY_FILE = "projects.yaml"
OFFICE_FILE = "office.yaml"
PROGRESS_DIR = "progress"  # progress/<YYYY-MM>/<unit>.yaml: one file per unit and period
DUBAN_DIR = "duban"
ACCEPTANCE_DIR = "acceptance"  # duban/acceptance/<name>.yaml: 验收 and 销号 records
ACTIONS_DIR = "actions"  # duban/actions/<issued>-<unit>-<n>.yaml: 督办事项
INSPECTIONS_DIR = "inspections"  # duban/inspections/<date>-<n>.yaml: 督查记录
ACCEPTANCE_PATH = f"{DUBAN_DIR}/{ACCEPTANCE_DIR}"
ACTIONS_PATH = f"{DUBAN_DIR}/{ACTIONS_DIR}"
INSPECTIONS_PATH = f"{DUBAN_DIR}/{INSPECTIONS_DIR}"

# What the tool reads as data: no output may be written into these.
DATA_ENTRIES: dict[str, str] = {
    REGISTRY_FILE: "项目登记表 projects.yaml",
    OFFICE_FILE: "办公室规则 office.yaml",
    PROGRESS_DIR: "进展报告文件夹 progress/",
    DUBAN_DIR: "督办记录文件夹 duban/",
}
# What the audit trail follows in git: the registry, the reports and the 督办 ledger.
WATCHED = (REGISTRY_FILE, PROGRESS_DIR, ACTIONS_PATH, INSPECTIONS_PATH)
# The office's files, read with a version's data so that its colours follow its own rules.
OFFICE_FILES = (OFFICE_FILE, ACCEPTANCE_PATH, ACTIONS_PATH, INSPECTIONS_PATH)

REPORT_PATH = re.compile(rf"^{PROGRESS_DIR}/(?P<month>{MONTH})/(?P<unit>[^/]+)\.yaml$")
LEDGER_PATH = re.compile(
    rf"^{DUBAN_DIR}/(?P<folder>{ACTIONS_DIR}|{INSPECTIONS_DIR})/(?P<id>[^/]+)\.yaml$"
)
# A 督办 action's id (its file's stem): the day issued, the unit, a number of that day and unit.
ACTION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)-([1-9]\d{0,3})$")
# An inspection's id: its day and a number.
INSPECTION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([1-9]\d{0,3})$")


def report_path(month: str, unit: str) -> str:
    """Where the report of ``unit`` for the period ending in ``month`` is filed."""
    return f"{PROGRESS_DIR}/{month}/{unit}.yaml"


def action_id(issued: date, unit: str, number: int) -> str:
    return f"{issued.isoformat()}-{unit}-{number}"
