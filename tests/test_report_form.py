"""The report form's generic parts: a list of the report beside ``projects`` (a section) is
rows naming their list; the YAML file, the workbook and the import follow it."""

from __future__ import annotations

import dataclasses
from datetime import date

from minsheng.load.folder import load
from minsheng.views import report_sheet as sheet
from minsheng.views.new_report import report_yaml
from minsheng.views.report_form import (
    FieldKind,
    FormField,
    FormList,
    FormRow,
    Level,
    ReportForm,
    build_form,
)
from tests.conftest import DATA

REPLIES = FormList(
    "replies",
    intro=("回复事项：去掉下面各行开头的「# 」后填写。",),
    omitted_hint="回复时也去掉这一行开头的 #",
)


def _form_with_a_section() -> ReportForm:
    ds = load(DATA, date(2022, 12, 31)).dataset
    assert ds is not None
    form = build_form(ds, "县教委", "2022-06", date(2022, 6, 28))
    reply = FormField("progress", ("reply",), FieldKind.LONG_TEXT, hint="回复内容")
    links = FormField(
        "evidence", ("evidence",), FieldKind.LINKS, hint="佐证链接（选填）", listed=False
    )
    row = FormRow(
        "reply:A-1",
        Level.ENTRY,
        "事项 A-1",
        ident=("id", "A-1"),
        fields=(reply, links),
        hint="限期整改",
        within=REPLIES,
        omittable=True,
    )
    return dataclasses.replace(form, sections=(row,))


def test_an_unanswered_section_is_written_commented_out_after_the_projects():
    form = _form_with_a_section()
    text = report_yaml(form).text
    plain = report_yaml(dataclasses.replace(form, sections=())).text
    assert text == plain + (
        "# 回复事项：去掉下面各行开头的「# 」后填写。\n"
        "# replies:  # 回复时也去掉这一行开头的 #\n"
        "  # - id: A-1  # 限期整改\n"
        "  #   reply:  # 回复内容\n"
    )


def test_an_answered_section_is_written_and_its_fields_found_again():
    form = _form_with_a_section()
    written = report_yaml(form, {("reply:A-1", "progress"): "已整改到位"})
    assert written.text.endswith(
        "# 回复事项：去掉下面各行开头的「# 」后填写。\n"
        "replies:\n"
        "  - id: A-1  # 限期整改\n"
        "    reply: 已整改到位  # 回复内容\n"
    )
    last = len(written.text.splitlines())
    spot = written.spot_at(last, 6)
    assert spot is not None and (spot.row, spot.slot) == ("reply:A-1", "progress")


def test_a_section_s_rows_follow_the_projects_in_the_workbook():
    form = _form_with_a_section()
    lay = sheet.layout(form)
    last = lay.rows[-1]
    assert (last.row.key, last.entry.key) == ("reply:A-1", "reply:A-1")
    assert lay.rows[-2].row.key != "reply:A-1"
    assert form.fingerprint != dataclasses.replace(form, sections=()).fingerprint
