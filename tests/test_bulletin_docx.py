"""bulletin --format docx: the 公文 read back with python-docx, reproducible bytes, the reference
document (with and without its own masthead), unsafe references refused, the golden XML."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from lxml import etree

from minsheng.render import docx as writer
from minsheng.render import docx_reference
from minsheng.views.document import (
    Align,
    Attachment,
    Column,
    Document,
    Heading,
    Metadata,
    PageBreak,
    Paragraph,
    Row,
    Run,
    Signature,
    Table,
)
from tests.conftest import DATA
from tests.test_bulletin import (
    ATTACKS,
    FIXTURE,
    GOLDEN,
    GOLDEN_DIR,
    HOSTILE,
    bulletin_of,
    golden_name,
)
from tests.test_hostile_strings import SCRIPT, build_hostile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def write_docx(cli, tmp_path: Path, *args: str, data: Path = FIXTURE, period: str = "2022Q2"):
    out = tmp_path / "通报.docx"
    result = cli("bulletin", "--period", period, "-o", str(out), "--data", str(data), *args)
    return result, out


@pytest.fixture(scope="module")
def q2_bytes(shared_cli, tmp_path_factory) -> bytes:
    """The 2022Q2 Word bulletin, written once for the tests that only read it."""
    result, out = write_docx(shared_cli, tmp_path_factory.mktemp("q2"))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    return out.read_bytes()


@pytest.fixture
def q2(q2_bytes: bytes) -> docx.document.Document:
    """A document of its own for each test, read from the bytes written once."""
    return docx.Document(io.BytesIO(q2_bytes))


def style_of(paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def texts(word, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if style_of(p) == style]


def page_mm(section) -> tuple[int, int]:
    return round(Length(section.page_width or 0).mm), round(Length(section.page_height or 0).mm)


def east_asia(style) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def all_text(word) -> str:
    return "\n".join(t.text or "" for t in word.element.body.iter(f"{W}t"))


# --- the document read back -----------------------------------------------------------------


def test_page_is_a4_with_the_gbt9704_margins(q2):
    section = q2.sections[0]
    assert page_mm(section) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in the 225 mm 版心


def test_styles_are_named_with_the_office_fonts_on_east_asia(q2):
    styles = q2.styles
    expected = {
        "Normal": ("仿宋_GB2312", 16),
        "Title": ("方正小标宋简体", 22),
        "Heading 1": ("黑体", 16),
        "Heading 2": ("楷体_GB2312", 16),
        "发文机关标志": ("方正小标宋简体", 36),
        "发文机关署名": ("仿宋_GB2312", 16),
        "版记": ("仿宋_GB2312", 14),
        "表格文字": ("仿宋_GB2312", 10.5),
    }
    for name, (font, size) in expected.items():
        assert (east_asia(styles[name]), styles[name].font.size) == (font, Pt(size)), name
    assert styles["Heading 1"].font.bold is False
    assert styles["Heading 3"].font.bold is True
    assert styles["Normal"].paragraph_format.first_line_indent == Pt(32)  # 首行缩进两字
    fonts = q2.part.part_related_by(RT.FONT_TABLE).blob.decode()
    for name, fallback in writer.FALLBACKS.items():
        assert f'w:name="{name}"><w:altName w:val="{fallback}"/>' in fonts


def test_masthead_title_headings_and_signature(q2):
    b = bulletin_of(FIXTURE, "2022Q2")
    assert texts(q2, "发文机关标志") == ["重点民生实事工作通报"]
    assert texts(q2, "期号") == ["2022年第2期"]
    assert texts(q2, "版头信息") == ["县政府督查室　县发展改革委\t2022年6月30日"]
    assert texts(q2, "Title") == [b.title]
    assert texts(q2, "主送机关") == ["各责任单位："]
    assert texts(q2, "Heading 1") == ["一、总体情况", "二、存在问题", "三、下步工作要求"]
    assert texts(q2, "附件说明") == [
        "附件：1．重点民生实事分项进展情况表",
        "2．进度滞后事项表",
        "3．月度进展报告报送情况表",
    ]
    assert texts(q2, "附件标识") == ["附件1", "附件2", "附件3"]
    assert texts(q2, "附件标题") == [
        "重点民生实事分项进展情况表",
        "进度滞后事项表",
        "月度进展报告报送情况表",
    ]
    assert texts(q2, "Heading 2") == [  # 附件2's parts
        "（一）进度滞后的事项",
        "（二）略低于序时进度的事项",
        "（三）逾期未完成的节点",
    ]
    listed = [p for p in q2.paragraphs if p.style.name == "附件说明"]
    kept = [p.paragraph_format.keep_with_next for p in listed]
    assert kept == [None, None, True]  # the last kept with the 落款
    names = [t for t in texts(q2, "发文机关署名") if t]
    assert names == ["\t县政府督查室\t县发展改革委"]
    assert texts(q2, "成文日期") == ["\t2022年6月30日"]
    assert texts(q2, "版记") == ["县政府督查室\t2022年6月30日印发"]
    body = [t for t in texts(q2, "Normal") if t]
    assert body[0].startswith("按照测试县人民政府办公室《2022年测试县重点民生实事")
    for step in b.plan.next_steps:
        assert any(step in t for t in body), step


def test_the_named_units_and_their_own_problems_are_in_the_prose(q2):
    """存在问题 names each lagging item's units, the item and its figure, and quotes the units'
    own 存在问题 from their reports."""
    b = bulletin_of(FIXTURE, "2022Q2")
    body = "\n".join(texts(q2, "Normal"))
    for x in b.lagging:
        assert f"{'、'.join(x.units)}负责的{x.name}" in body, x.name
    problems = [n.problems for n in b.notes if n.problems]
    assert problems and all(p.rstrip("。") in body for p in problems)
    assert "落后序时进度100.0个百分点" in body and "雨季影响铺装进度" in body
    lead = next(p for p in q2.paragraphs if p.text.startswith("一是"))
    assert lead.runs[0].bold and lead.runs[0].text == "一是部分事项推进滞后。"


def test_tables_are_word_tables_with_repeated_header_rows(q2):
    b = bulletin_of(FIXTURE, "2022Q2")
    headers = [[c.text for c in t.rows[0].cells] for t in q2.tables]
    assert headers[0] == ["序号", "项目", "牵头单位", "完成率", "序时进度", "进度情况", "最新进展"]
    assert ["序号", "责任单位", "应报", "按时", "逾期", "未报送", "逾期和未报送的月份"] in headers
    for table in q2.tables:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert all(
            r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:]
        )
        assert table.style.name == "公文表格"
    projects = q2.tables[0]
    assert len(projects.rows) == 1 + len(b.projects)
    assert [r.cells[1].text for r in projects.rows[1:]] == [p.name for p in b.projects]


def test_the_units_named_in_the_bulletin_are_in_the_document(q2):
    b = bulletin_of(FIXTURE, "2022Q2")
    text = "\n".join(c.text for t in q2.tables for r in t.rows for c in r.cells)
    named = {p.lead for p in b.projects} | {u for x in b.lagging for u in x.units}
    named |= {u.unit for u in b.units}
    assert named and all(unit in text for unit in named), named - {u for u in named if u in text}
    for x in b.lagging:
        assert x.target in text


def test_page_numbers_are_page_fields_between_dashes_odd_right_even_left(q2):
    section = q2.sections[0]
    assert q2.settings.odd_and_even_pages_header_footer
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert paragraph.style.name == "页码"
        instr = [i.text for i in paragraph._p.iter(qn("w:instrText"))]
        assert instr == [" PAGE "]
        assert paragraph.text == "— 1 —"


def test_core_properties_come_from_the_data_not_the_clock(q2):
    props = q2.core_properties
    assert props.created == props.modified == datetime(2022, 6, 30, tzinfo=UTC)
    assert props.title == bulletin_of(FIXTURE, "2022Q2").title
    assert props.author == "县政府督查室、县发展改革委"
    assert props.revision == 1


def test_sample_data_is_marked_in_the_header_of_every_page(cli, tmp_path):
    result, out = write_docx(cli, tmp_path, data=DATA)
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        assert header.paragraphs[-1].text.startswith("【样例数据】本文由演示用的虚构进展数据生成")
    (tmp_path / "real").mkdir()
    real, plain = write_docx(cli, tmp_path / "real")  # the fixture is not sample data
    assert real.exit_code == 0
    assert docx.Document(str(plain)).sections[0].header.is_linked_to_previous


@pytest.mark.parametrize("period", ["2022-07", "2022"])
def test_month_and_year_bulletins(cli, tmp_path, period):
    result, out = write_docx(cli, tmp_path, period=period)
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    b = bulletin_of(FIXTURE, period)
    assert texts(word, "Title") == [b.title]
    headings = texts(word, "Heading 1")
    assert headings == ["一、总体情况", "二、存在问题", "三、下步工作要求"]  # no 年终考核
    assert texts(word, "发文机关标志") == [
        "重点民生实事调度情况" if period == "2022-07" else "重点民生实事工作通报"
    ]


@pytest.mark.parametrize("period", ["2022-05", "2022"])
def test_hostile_text_is_written_as_text(cli, tmp_path, period):
    data = build_hostile(tmp_path / "hostile")
    result, out = write_docx(cli, tmp_path, data=data, period=period)
    assert result.exit_code == 0, result.output
    text = all_text(docx.Document(str(out)))
    assert SCRIPT in text and "javascript:alert(1)" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e\u2066")
    assert "\\u001b" in text  # control characters shown as escapes, as in every output


def test_the_hostile_fixture_makes_a_year_document(cli, tmp_path):
    result, out = write_docx(cli, tmp_path, data=HOSTILE, period="2022")
    assert result.exit_code == 0, result.output
    assert ATTACKS[0] in all_text(docx.Document(str(out)))


def kind_docx(cli, tmp_path: Path, kind: str, period: str = "2022Q2") -> docx.document.Document:
    result, out = write_docx(cli, tmp_path, "--kind", kind, period=period)
    assert result.exit_code == 0, result.output
    return docx.Document(str(out))


def test_the_forms_have_no_masthead_and_the_wide_ones_lie_across(cli, tmp_path):
    table = kind_docx(cli, tmp_path, "table")
    assert texts(table, "发文机关标志") == [] and texts(table, "主送机关") == []
    assert texts(table, "Title") == ["2022年测试县重点民生实事1—6月进展汇总表"]
    section = table.sections[0]
    assert page_mm(section) == (297, 210)
    header = [c.text for c in table.tables[0].rows[0].cells]
    assert header == [
        "序号",
        "工作任务",
        "责任单位",
        "本期目标",
        "进展情况、存在问题及下一步打算",
        "目标完成情况",
    ]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.tables[0].rows[1:]}
    assert rows["1"][3] == "6月底前累计完成3000平方米"
    assert rows["3"][5] == "滞后"
    (tmp_path / "p").mkdir()
    progress = kind_docx(cli, tmp_path / "p", "progress")
    assert page_mm(progress.sections[0]) == (210, 297)
    first = [c.text for c in progress.tables[0].rows[1].cells]
    assert first[0].startswith("一、建成1个市民广场")  # a category row, merged across


def test_the_tongbao_s_wide_attachments_lie_across_and_the_colophon_comes_back(q2):
    sizes = [page_mm(s) for s in q2.sections]
    assert sizes == [(210, 297), (297, 210), (210, 297)]  # body; 附件1–2; 附件3 and 版记
    assert [round(Length(s.top_margin or 0).mm) for s in q2.sections] == [37, 28, 37]


def test_the_public_kind_and_the_assessment_in_word(cli, tmp_path):
    public = kind_docx(cli, tmp_path, "public")
    assert texts(public, "附注") == ["（此件公开发布）"]
    assert texts(public, "版记") == []  # a 公示 has no 版记
    body = all_text(public)
    assert "若对公示情况有异议的，请在7日之内以书面形式向县发展改革委反映。" in body
    (tmp_path / "a").mkdir()
    assessment = kind_docx(cli, tmp_path / "a", "assessment", period="2022")
    assert texts(assessment, "Title") == ["关于2022年测试县重点民生实事年终考核结果的通报"]
    assert texts(assessment, "Heading 1") == ["一、考核办法", "二、考核结果"]
    assert texts(assessment, "附件标题") == ["责任单位年终考核得分排名表", "项目年终考核得分表"]
    assert texts(assessment, "成文日期") == ["\t2023年1月1日"]  # after the year's, at 考核日


# --- reproducible, golden ---------------------------------------------------------------------


def test_two_runs_give_the_same_bytes(cli, tmp_path):
    first, a = write_docx(cli, tmp_path)
    (tmp_path / "again").mkdir()
    second, b = write_docx(cli, tmp_path / "again")
    assert first.exit_code == second.exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {i.date_time for i in archive.infolist()} == {(2022, 6, 30, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in names


def normalised(xml: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    root = etree.fromstring(xml, parser)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@pytest.mark.parametrize(("period", "kind"), GOLDEN)
def test_golden_document_xml(cli, tmp_path, period, kind, update_golden):
    result, out = write_docx(cli, tmp_path, "--kind", kind, period=period)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        text = normalised(archive.read("word/document.xml"))
    golden = GOLDEN_DIR / golden_name(period, kind, "document.xml")
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} 不存在：运行 pytest --update-golden 生成并审阅"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} 与输出不同；如改动是有意的，运行 pytest --update-golden 并审阅差异"
    )


# --- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "docx 是二进制文件，不能输出到屏幕；请用 -o 指定文件"),
        (["--format", "docx", "-o", "-"], "docx 是二进制文件，不能输出到屏幕"),
        (["--format", "pdf"], "pdf 是二进制文件，不能输出到屏幕"),
        (["--reference-docx", "ref.docx"], "--reference-docx 只用于 Word 输出（--format docx）"),
        (
            ["--format", "html", "--browser", "/bin/true"],
            "--browser 只用于 PDF 输出（--format pdf）",
        ),
    ],
)
def test_usage_errors(cli, args, message):
    result = cli("bulletin", "--period", "2022Q2", "--data", str(FIXTURE), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_format_follows_the_suffix_and_existing_files_need_force(cli, tmp_path):
    result, out = write_docx(cli, tmp_path)
    assert result.exit_code == 0
    assert zipfile.is_zipfile(out)
    again, _ = write_docx(cli, tmp_path)
    assert again.exit_code == 1
    assert "已存在；如确需覆盖，请加 --force" in again.stderr
    forced, _ = write_docx(cli, tmp_path, "--force")
    assert forced.exit_code == 0


# --- the reference document ---------------------------------------------------------------


def reference(tmp_path: Path, *lines: str | tuple[str, ...], header: str | None = None) -> Path:
    """A reference document: Letter paper, a 12 pt 宋体 Normal, optional header, and body lines
    (a tuple is one paragraph in several runs, the way Word splits text)."""
    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    normal = word.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    if header:
        section.header.paragraphs[0].text = header
    for line in lines:
        paragraph = word.add_paragraph()
        for piece in (line,) if isinstance(line, str) else line:
            paragraph.add_run(piece)
    path = tmp_path / "reference.docx"
    word.save(str(path))
    return path


def test_reference_without_placeholders_lends_styles_page_and_header(cli, tmp_path):
    ref = reference(tmp_path, "参考文档里的正文，不进入通报", header="测试县人民政府督查室")
    result, out = write_docx(cli, tmp_path, "--reference-docx", str(ref))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    word = docx.Document(str(out))
    section = word.sections[0]
    assert page_mm(section) == (216, 279)
    assert word.styles["Normal"].font.size == Pt(12)
    assert east_asia(word.styles["Normal"]) == "宋体"
    assert east_asia(word.styles["发文机关标志"]) == "方正小标宋简体"  # what it lacks is added
    assert section.header.paragraphs[0].text == "测试县人民政府督查室"
    assert "参考文档里的正文" not in all_text(word)
    assert texts(word, "发文机关标志") == ["重点民生实事工作通报"]  # the tool's own masthead
    assert section.footer.paragraphs[0].text == "— 1 —"  # it had no footer: numbers centred
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_reference_with_placeholders_keeps_the_office_masthead(cli, tmp_path):
    ref = reference(
        tmp_path,
        "测试县人民政府督查室文件",
        ("督查通报", "{期", "号}"),  # split across runs
        "{成文日期}",
        "{标题}",
        "{正文}",
        "此后的内容保留在正文之后",
        header="{发文机关}",
    )
    result, out = write_docx(cli, tmp_path, "--reference-docx", str(ref))
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    b = bulletin_of(FIXTURE, "2022Q2")
    lines = [p.text for p in word.paragraphs]
    assert lines[:4] == [
        "测试县人民政府督查室文件",
        "督查通报2022年第2期",
        "2022年6月30日",
        b.title,
    ]
    assert texts(word, "Title") == []  # the title is the office's {标题}, not written again
    assert texts(word, "发文机关标志") == []
    assert lines[4] == "各责任单位："
    assert lines[5].startswith("按照测试县人民政府办公室")
    assert lines.index("一、总体情况") > 5
    assert lines.index("此后的内容保留在正文之后") > lines.index("三、下步工作要求")
    assert "{" not in all_text(word)
    assert word.sections[0].header.paragraphs[0].text == "县政府督查室　县发展改革委"


def test_placeholders_without_a_body_paragraph_are_told(cli, tmp_path):
    ref = reference(tmp_path, "督查通报{期号}", "{标题}")
    result, out = write_docx(cli, tmp_path, "--reference-docx", str(ref))
    assert result.exit_code == 0
    assert "没有只写「{正文}」的段落，未沿用其版头" in result.stderr
    assert texts(docx.Document(str(out)), "发文机关标志") == ["重点民生实事工作通报"]


def test_a_reference_gives_the_same_bytes_twice(cli, tmp_path):
    ref = reference(tmp_path, "督查通报{期号}", "{正文}", header="{发文机关}")
    first, a = write_docx(cli, tmp_path, "--reference-docx", str(ref))
    (tmp_path / "again").mkdir()
    second, b = write_docx(cli, tmp_path / "again", "--reference-docx", str(ref))
    assert first.exit_code == second.exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_reference_docx_in_the_templates_folder_is_used(cli, tmp_path):
    data = tmp_path / "county" / "data"
    shutil.copytree(FIXTURE, data)
    (data.parent / "templates").mkdir()
    reference(data.parent / "templates", "{正文}", header="模板文件夹里的参考文档")
    result, out = write_docx(cli, tmp_path, data=data)
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).sections[0].header.paragraphs[0].text == "模板文件夹里的参考文档"


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def external_reference(tmp_path: Path) -> bytes:
    path = reference(tmp_path, "{正文}")
    with zipfile.ZipFile(path) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    rels = entries["word/_rels/document.xml.rels"].decode()
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="http://example.invalid/t.dotm" TargetMode="External"/>'
        "</Relationships>",
    ).encode()
    return zip_of(entries)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            lambda _: b"\xd0\xcf\x11\xe0 an old .doc",
            "不是 .docx 文件（可能是旧版 .doc、加密文档或已损坏）",
        ),
        (lambda _: zip_of({"readme.txt": b"hello"}), "中没有 Word 正文部件，不是 Word 文档"),
        (lambda _: zip_of({"word/document.xml": b"\0" * (120 * 1024 * 1024)}), "解压后过大"),
        (lambda _: zip_of({f"x{i}": b"" for i in range(1001)}), "内含 1001 个部件，超过上限 1000"),
        (
            lambda _: zip_of({"[Content_Types].xml": b"<broken", "word/document.xml": b"<x/>"}),
            "内的 XML 已损坏",
        ),
        (external_reference, "引用了外部文件（http://example.invalid/t.dotm），为安全起见不使用"),
    ],
    ids=["doc", "not-word", "bomb", "entries", "broken", "external"],
)
def test_unusable_reference_is_a_clear_message(cli, tmp_path, content, message):
    path = tmp_path / "bad.docx"
    path.write_bytes(content(tmp_path))
    result, out = write_docx(cli, tmp_path, "--reference-docx", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"参考文档不可用：参考文档「{path}」")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_or_huge_reference(cli, tmp_path, monkeypatch):
    result, _ = write_docx(cli, tmp_path, "--reference-docx", str(tmp_path / "none.docx"))
    assert result.exit_code == 1
    assert "不存在或不是文件" in result.stderr
    ref = reference(tmp_path, "{正文}")
    monkeypatch.setattr(docx_reference, "MAX_REFERENCE_BYTES", ref.stat().st_size - 1)
    result, _ = write_docx(cli, tmp_path, "--reference-docx", str(ref))
    assert result.exit_code == 1
    assert "MB，不像是通报的版式模板" in result.stderr


# --- the writer on its own: what the bulletin does not use yet -------------------------------


def full_document() -> Document:
    meta = Metadata(
        title="关于测试事项的通报",
        mark="督查通报",
        issuers=("测试县人民政府督查室",),
        dated=date(2022, 7, 8),
        as_of=date(2022, 6, 30),
        issue="第二十一期",
        doc_number="测府督〔2022〕21号",
        recipients="各乡镇人民政府，县政府有关部门",
        copies=("县委办公室", "县人大常委会办公室"),
        printer="测试县人民政府督查室",
        printed=date(2022, 7, 9),
        publicity="此件公开发布",
    )
    table = Table(
        columns=(Column(1, Align.RIGHT), Column(4), Column(2, Align.CENTER)),
        header=(("序号", "考核指标", "计量单位"),),
        rows=(Row(("一、教育",), category=True), Row(("1", "毛入园率", "%"))),
        caption="重点民生实事进度表",
    )
    body = (
        Heading(1, "一、总体情况"),
        Paragraph.of("已完成", Run("5件", bold=True), "。"),
        Heading(3, "1．推进不平衡"),
        PageBreak(),
        Paragraph.of("新的一页。"),
    )
    attachments = (Attachment("进度表", (table,)), Attachment("滞后事项", (Paragraph.of("无。"),)))
    return Document(meta, body, Signature(meta.issuers, meta.dated), attachments)


def test_attachments_recipients_publicity_and_colophon():
    word = docx.Document(io.BytesIO(writer.as_docx(full_document()).data))
    assert texts(word, "发文字号") == ["测府督〔2022〕21号"]
    assert texts(word, "主送机关") == ["各乡镇人民政府，县政府有关部门："]
    assert texts(word, "附件说明") == ["附件：1．进度表", "2．滞后事项"]
    assert texts(word, "附注") == ["（此件公开发布）"]
    assert texts(word, "附件标识") == ["附件1", "附件2"]
    assert texts(word, "附件标题") == ["进度表", "滞后事项"]
    assert texts(word, "表题") == ["重点民生实事进度表"]
    assert texts(word, "版记") == [
        "抄送：县委办公室，县人大常委会办公室。",
        "测试县人民政府督查室\t2022年7月9日印发",
    ]
    assert texts(word, "成文日期") == ["\t2022年7月8日"]
    marks = [p for p in word.paragraphs if style_of(p) == "附件标识"]
    assert all(p.paragraph_format.page_break_before for p in marks)
    after_break = next(p for p in word.paragraphs if p.text == "新的一页。")
    assert after_break.paragraph_format.page_break_before
    bold = [r.text for p in word.paragraphs for r in p.runs if r.bold]
    assert bold == ["5件"]
    category = word.tables[0].rows[1]._tr
    assert category.find(f"{W}tc/{W}tcPr/{W}gridSpan").get(qn("w:val")) == "3"


def test_signature_is_centred_over_the_date_four_characters_from_the_right():
    word = docx.Document(io.BytesIO(writer.as_docx(full_document()).data))
    date_line = next(p for p in word.paragraphs if style_of(p) == "成文日期")
    (stop,) = date_line.paragraph_format.tab_stops
    width = writer.TEXT_WIDTH
    # «2022年7月8日» is 6 characters wide (digits are half): its centre is 4 + 3 from the right
    assert abs((width - stop.position) / writer.CHAR - 7) < 0.01
    names = [p for p in word.paragraphs if style_of(p) == "发文机关署名" and p.text]
    assert [s.position for s in names[0].paragraph_format.tab_stops] == [stop.position]


def test_fill_placeholders_across_runs_keeps_the_first_runs_formatting():
    paragraph = docx.Document().add_paragraph()
    for text, bold in (("第{", True), ("期号}期 {成", False), ("文日期}", False)):
        paragraph.add_run(text).bold = bold
    docx_reference.fill_placeholders(paragraph._p, {"{期号}": "21", "{成文日期}": "2022年7月8日"})
    assert [(r.text, r.bold) for r in paragraph.runs] == [
        ("第21", True),
        ("期 2022年7月8日", False),
        ("", False),
    ]


def test_table_rows_must_fit_the_columns():
    with pytest.raises(ValueError, match="a row of 2 cells in a table of 3 columns"):
        Table((Column(), Column(), Column()), (("a", "b"),), ())
    with pytest.raises(ValueError, match="heading level 4"):
        Heading(4, "x")


def test_xml_illegal_characters_become_visible_escapes():
    assert docx_reference.clean("a\x00b\ufffec") == "a\\u0000b\\ufffec"
    assert re.fullmatch(r"[^\x00-\x08]*", docx_reference.clean("\x07"))
