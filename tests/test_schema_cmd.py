"""``minsheng schema``: the shipped JSON Schema files are current, and writing them is safe."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, ROOT

SCHEMA_DIR = ROOT / "schema"
KINDS = ("projects", "progress", "office", "acceptance", "action", "inspection")
REGENERATE = (
    "schema/{kind}.schema.json 已过期；请在仓库根目录运行\n"
    "  minsheng schema --kind {kind} -o schema/{kind}.schema.json --force\n"
    "并提交生成的文件"
)


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_current(cli, kind: str):
    result = cli("schema", "--kind", kind)
    assert result.exit_code == 0, result.output
    shipped = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == result.stdout, REGENERATE.format(kind=kind)


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_json_schema_2020_12(cli, kind: str):
    schema = json.loads(cli("schema", "--kind", kind).stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert schema["title"].startswith("重点民生实事")


SCHEMA_LINE = "# yaml-language-server: $schema="


def test_registry_points_at_the_shipped_schema():
    first = (DATA / "projects.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"{SCHEMA_LINE}../schema/projects.schema.json"
    assert (DATA / first.removeprefix(SCHEMA_LINE)).resolve() == SCHEMA_DIR / "projects.schema.json"


def test_reports_that_name_a_schema_name_the_shipped_one():
    for path in sorted((DATA / "progress").glob("*/*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith(SCHEMA_LINE):
            target = (path.parent / first.removeprefix(SCHEMA_LINE)).resolve()
            assert target == SCHEMA_DIR / "progress.schema.json", path


def test_output_refuses_to_overwrite_without_force(cli, tmp_path):
    target = tmp_path / "projects.schema.json"
    target.write_text("旧内容\n", encoding="utf-8")
    result = cli("schema", "--kind", "projects", "-o", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"未写入：「{target}」已存在；如确需覆盖，请加 --force\n"
    assert target.read_text(encoding="utf-8") == "旧内容\n"


def test_output_overwrites_with_force(cli, tmp_path):
    target = tmp_path / "projects.schema.json"
    target.write_text("旧内容\n", encoding="utf-8")
    result = cli("schema", "--kind", "projects", "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已写入 {target}\n"
    assert target.read_text(encoding="utf-8") == cli("schema", "--kind", "projects").stdout
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_output_writes_a_new_file(cli, tmp_path):
    target = tmp_path / "progress.schema.json"
    result = cli("schema", "--kind", "progress", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["title"].startswith("重点民生实事月度")


def test_output_into_a_missing_folder_is_refused(cli, tmp_path):
    result = cli("schema", "--kind", "progress", "-o", str(tmp_path / "nowhere" / "x.json"))
    assert result.exit_code == 1
    assert result.stderr.startswith("未写入：输出文件夹")
    assert not (tmp_path / "nowhere").exists()


def test_unknown_kind_is_usage_error(cli):
    result = cli("schema", "--kind", "report")
    assert result.exit_code == 2
    assert "选项 --kind 的取值「report」无效" in result.stderr


# ---- the shipped data validates against the shipped schema ----------------------------------


def _as_json(value: Any) -> Any:
    """YAML 1.1 values as an editor's YAML 1.2 reader sees them: dates are plain strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _validator(kind: str) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator: Any, path: Path) -> list[str]:
    data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [
        f"{path.name}: {'/'.join(map(str, e.path))}: {e.message}"
        for e in validator.iter_errors(data)
    ]


def test_shipped_registry_validates_against_schema():
    validator = _validator("projects")
    assert _errors(validator, DATA / "projects.yaml") == []


def test_shipped_reports_validate_against_schema():
    validator = _validator("progress")
    paths = sorted((DATA / "progress").glob("*/*.yaml"))
    errors = [error for path in paths for error in _errors(validator, path)]
    assert errors == []


def test_schema_rejects_what_the_loader_rejects():
    """The schema is strict too: an unknown key or a wrong kind is an error in the editor."""
    validator = _validator("projects")
    data = _as_json(yaml.safe_load((DATA / "projects.yaml").read_text(encoding="utf-8")))
    data["plan"]["doc_numbr"] = "x"
    data["projects"][0]["indicators"][0]["kind"] = "rate"
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("doc_numbr" in m for m in messages), messages
    assert len(messages) >= 2, messages


@pytest.mark.parametrize("kind", ["projects", "progress", "office", "acceptance"])
def test_every_object_is_described_in_chinese(cli, kind):
    """Editors show these descriptions to the clerk: no English sentence among them."""
    schema = json.loads(cli("schema", "--kind", kind).stdout)
    objects = {"(root)": schema, **schema.get("$defs", {})}
    for name, definition in objects.items():
        text = definition.get("description") or ""
        assert re.search(r"[\u4e00-\u9fff]", text), name
        allowed = {
            *definition.get("properties", {}),
            "progress",
            "office",
            "duban",
            "yaml",
            "YYYY",
            "MM",
        }
        english = [w for w in re.findall(r"[A-Za-z_]{2,}", text) if w not in allowed]
        assert english == [], (name, text)
