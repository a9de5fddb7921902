"""minsheng site: contents, determinism, links, and writing safely into the output folder."""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest

from minsheng.load.folder import load
from minsheng.render.site import MARKER, build_site
from minsheng.render.site import site_files as site_stream
from minsheng.write.publish import digest, parse_manifest, publish
from tests.test_bulletin import FIXTURE, HOSTILE, environment

SITE_ARGS = ("--data", str(FIXTURE))


def site_files(data: Path = FIXTURE, as_of: date = date(2022, 12, 31)) -> dict[str, str]:
    """The site's text files (all but the workbook)."""
    return {k: v for k, v in site_all(data, as_of).items() if isinstance(v, str)}


def site_all(data: Path = FIXTURE, as_of: date = date(2022, 12, 31)) -> dict[str, str | bytes]:
    """The site's files, built once per data folder and day (the fixtures are read only)."""
    return dict(_built(data, as_of))


@functools.cache
def _built(data: Path, as_of: date) -> dict[str, str | bytes]:
    return build_fresh(data, as_of)


def build_fresh(data: Path = FIXTURE, as_of: date = date(2022, 12, 31)) -> dict[str, str | bytes]:
    result = load(data, date(2023, 1, 1))
    assert result.dataset is not None
    return build_site(result.dataset, as_of, environment(data))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v for k, v in attrs if k in ("href", "src") and v is not None]


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


# --- contents -------------------------------------------------------------------------------


def test_site_at_year_end_has_every_bulletin_and_page():
    files = site_files()
    months = [f"bulletins/2022-{m:02d}" for m in range(4, 13)]
    periods = [
        *months,
        "bulletins/2022Q2",
        "bulletins/2022Q3",
        "bulletins/2022Q4",
        "bulletins/2022H1",  # the half-year's, too
        "bulletins/2022",
    ]
    expected = {f"{p}.{kind}" for p in periods for kind in ("html", "md")}
    expected |= {f"projects/{i:02d}.html" for i in range(1, 7)} | {"index.html", "status.json"}
    assert set(files) == expected
    everything = site_all()
    assert set(everything) == expected | {"status.xlsx"}
    assert list(everything) == sorted(everything)


def test_mid_year_site_has_running_periods_but_no_year_bulletin():
    files = site_files(as_of=date(2022, 8, 15))
    bulletins = sorted({p.rsplit(".", 1)[0] for p in files if p.startswith("bulletins/")})
    assert bulletins == [
        "bulletins/2022-04",
        "bulletins/2022-05",
        "bulletins/2022-06",
        "bulletins/2022-07",
        "bulletins/2022-08",
        "bulletins/2022H1",
        "bulletins/2022Q2",
        "bulletins/2022Q3",
    ]
    assert "# 关于2022年测试县重点民生实事截至8月15日推进情况的通报" in files["bulletins/2022Q3.md"]
    assert "本期尚未结束" in files["index.html"]


def test_status_json_has_history():
    payload = json.loads(site_files()["status.json"])
    assert payload["as_of"] == "2022-12-31"
    first = payload["projects"][0]["indicators"][0]
    assert [h["month"] for h in first["history"]][:2] == ["2022-04", "2022-05"]


def test_project_page_shows_items_history_and_notes():
    page = site_files()["projects/06.html"]
    for text in ("岚天乡", "月度进展", "岚天乡用地手续滞后。", "2022年12月 · 县民政局"):
        assert text in page


def test_every_link_points_to_a_page_of_the_site():
    files = site_all()
    for path in ("index.html", "projects/01.html"):
        links = links_of(str(files[path]))
        assert links
        for href in links:
            assert "://" not in href and not href.startswith("//"), href
            target = os.path.normpath(PurePosixPath(path).parent / href)
            assert target in files, f"{path} links to missing {href}"
    index_links = set(links_of(str(files["index.html"])))
    assert {p for p in files if p != "index.html"} <= index_links


def test_site_escapes_hostile_data():
    files = site_files(HOSTILE)
    for path, text in files.items():
        if path.endswith(".html"):
            assert "<script" not in text and "<img" not in text, path


def test_same_input_gives_the_same_bytes(cli, tmp_path):
    assert build_fresh() == build_fresh()
    for name in ("a", "b"):
        result = cli("site", "-o", str(tmp_path / name), "--as-of", "2022-12-31", *SITE_ARGS)
        assert result.exit_code == 0, result.output
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


# --- writing --------------------------------------------------------------------------------


def test_cli_creates_the_folder_and_a_marker(cli, tmp_path):
    out = tmp_path / "new" / "site"
    result = cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已生成网站：{out}（37 个文件）\n"  # 36 pages and the workbook
    listed = parse_manifest((out / MARKER).read_text(encoding="utf-8"))
    files = site_all()
    assert listed == {
        p: {digest(c.encode() if isinstance(c, str) else c)} for p, c in files.items()
    }
    assert set(tree(out)) == {*listed, MARKER}


def test_refuses_a_non_empty_folder_that_is_not_a_site(cli, tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.html").write_text("我的主页", encoding="utf-8")
    result = cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS)
    assert result.exit_code == 1
    assert "不是空文件夹，也不是 minsheng site 生成的网站" in result.stderr
    assert tree(out) == {"index.html": "我的主页".encode()}
    forced = cli("site", "-o", str(out), "--as-of", "2022-12-31", "--force", *SITE_ARGS)
    assert forced.exit_code == 0, forced.output
    assert (out / MARKER).is_file()


def test_refuses_a_file_as_the_folder(cli, tmp_path):
    out = tmp_path / "site"
    out.write_text("x", encoding="utf-8")
    result = cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS)
    assert result.exit_code == 1
    assert "不是文件夹" in result.stderr


def test_replaces_a_previous_site_and_removes_only_its_stale_files(cli, tmp_path):
    out = tmp_path / "site"
    assert cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS).exit_code == 0
    (out / "README.txt").write_text("用户自己的文件", encoding="utf-8")
    (out / "bulletins" / "notes.txt").write_text("用户自己的文件", encoding="utf-8")
    result = cli("site", "-o", str(out), "--as-of", "2022-08-15", *SITE_ARGS)
    assert result.exit_code == 0, result.output
    assert "删除过时文件 12 个" in result.stdout
    assert not (out / "bulletins" / "2022.html").exists()
    assert not (out / "bulletins" / "2022Q4.md").exists()
    assert (out / "README.txt").is_file() and (out / "bulletins" / "notes.txt").is_file()
    expected = site_all(as_of=date(2022, 8, 15))
    written = tree(out)
    assert all(
        written[p] == (content.encode() if isinstance(content, str) else content)
        for p, content in expected.items()
    )
    assert sorted(parse_manifest((out / MARKER).read_text(encoding="utf-8"))) == sorted(expected)


def test_a_tampered_marker_never_deletes_outside_the_site(cli, tmp_path):
    out, outside = tmp_path / "site", tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    assert cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS).exit_code == 0
    with (out / MARKER).open("a", encoding="utf-8") as marker:
        marker.write(f"../precious.txt\n{outside}\n")
    assert cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS).exit_code == 0
    assert outside.read_text(encoding="utf-8") == "keep"


def test_never_writes_through_a_symlink_out_of_the_folder(cli, tmp_path):
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS).exit_code == 0
    for stale in (out / "projects").iterdir():
        stale.unlink()
    (out / "projects").rmdir()
    (out / "projects").symlink_to(elsewhere, target_is_directory=True)
    result = cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS)
    assert result.exit_code == 1
    assert "之外（可能经过符号链接），为安全起见不写入" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_refuses_a_symlinked_marker(cli, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).symlink_to(tmp_path / "somewhere")
    result = cli("site", "-o", str(out), "--as-of", "2022-12-31", *SITE_ARGS)
    assert result.exit_code == 1
    assert "不是普通文件" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2022-13-01"], "不是有效日期"),
        ([], "缺少必需的选项"),
    ],
)
def test_site_usage_errors(cli, tmp_path, args, message):
    output = ["-o", str(tmp_path / "site")] if args else []
    result = cli("site", *output, *args, *SITE_ARGS)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (tmp_path / "site").exists()


def test_site_offers_the_workbook_of_its_date(tmp_path):
    workbook = site_all(as_of=date(2022, 6, 30))["status.xlsx"]
    assert isinstance(workbook, bytes)
    path = tmp_path / "status.xlsx"
    path.write_bytes(workbook)
    from openpyxl import load_workbook

    book = load_workbook(path)
    assert book.sheetnames == ["汇总", "指标", "报送情况"]
    assert book["汇总"]["A1"].value.endswith("（截至2022年6月30日）")
    index = site_files(as_of=date(2022, 6, 30))["index.html"]
    assert '<a href="status.xlsx" download="重点民生实事-2022-06-30.xlsx">Excel 汇总表</a>' in index


# --- a stream of files, written as it comes -------------------------------------------------


def test_the_site_is_a_stream_of_the_same_bytes():
    result = load(FIXTURE, date(2023, 1, 1))
    assert result.dataset is not None
    stream = site_stream(result.dataset, date(2022, 12, 31), environment(FIXTURE))
    assert not isinstance(stream, dict | list)
    made = {path: c if isinstance(c, bytes) else b"".join(c) for path, c in stream}
    expected = {p: c.encode() if isinstance(c, str) else c for p, c in site_all().items()}
    assert made == expected


def test_each_file_is_staged_before_the_next_is_made_and_nothing_shows_until_the_end(tmp_path):
    """publish takes the stream one file at a time: when the next one is asked for, the last
    is already on disk as a hidden temp file beside its target, and the site is untouched."""
    out = tmp_path / "site"
    publish(out, [("index.html", "旧首页")], MARKER, force=False)
    old = tree(out)
    seen: list[str] = []

    def files() -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
        for number in range(3):
            if seen:  # the previous file is staged, not published; the old site is intact
                staged = [p.name for p in (out / "pages").iterdir()]
                assert [n for n in staged if n.startswith(f".{seen[-1]}.")], staged
                assert {p: c for p, c in tree(out).items() if not p.endswith(".tmp")} == old
            seen.append(f"{number}.html")
            yield f"pages/{number}.html", f"第{number}页".encode()
        yield "index.html", iter([b"new ", b"index"])

    done = publish(out, files(), MARKER, force=False)
    assert done == (4, [])
    assert seen == ["0.html", "1.html", "2.html"]
    assert tree(out)["index.html"] == b"new index"
    assert tree(out)["pages/2.html"] == "第2页".encode()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_file_failing_midway_leaves_the_previous_site_as_it_was(tmp_path):
    out = tmp_path / "site"
    publish(out, [("index.html", "旧首页"), ("old/a.html", "旧")], MARKER, force=False)
    old = tree(out)

    def files() -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
        yield "new/1.html", b"1"
        yield "index.html", b"new"
        raise RuntimeError("the third page fails")

    with pytest.raises(RuntimeError, match="third page"):
        publish(out, files(), MARKER, force=False)
    assert tree(out) == old  # no staged file left, no folder made for the new pages
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == sorted(
        [MARKER, "index.html", "old", "old/a.html"]
    )


def test_a_first_site_failing_midway_leaves_no_folder(tmp_path):
    out = tmp_path / "new" / "site"

    def files() -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
        yield "projects/01.html", b"1"
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        publish(out, files(), MARKER, force=False)
    assert list(tmp_path.iterdir()) == []


def test_a_user_template_failing_on_a_later_page_leaves_the_old_site(cli, tmp_path, monkeypatch):
    """The project page fails on the fourth project, after the bulletins and three pages were
    made: exit 1 with the template's line, and the previous site is exactly as it was."""
    shutil.copytree(FIXTURE, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    args = ("site", "--data", "data", "-o", "site", "--as-of", "2022-12-31")
    assert cli(*args).exit_code == 0
    old = tree(tmp_path / "site")
    own = tmp_path / "templates" / "site"
    own.mkdir(parents=True)
    (own / "project.html.j2").write_text(
        "{{ page.row.name }}\n{% if page.row.id == 4 %}{{ 1 / 0 }}{% endif %}\n", encoding="utf-8"
    )
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr == "模板「templates/site/project.html.j2」第 2 行无法生成：除数为零\n"
    assert tree(tmp_path / "site") == old
    assert not [p for p in (tmp_path / "site").rglob("*") if p.name.endswith(".tmp")]
