"""The git plumbing under `history` and `diff`: repository discovery, revisions, log, blobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from minsheng.history import git as gitrepo
from minsheng.history.git import GitError
from tests.test_history import commit, git, isolate, new_repo


@pytest.fixture(autouse=True)
def _git_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


def test_open_repo_finds_the_prefix_of_the_data_folder(tmp_path):
    repo, data = new_repo(tmp_path / "repo")
    assert gitrepo.open_repo(data) == gitrepo.Repo(repo.resolve(), "data/")
    assert gitrepo.open_repo(repo) == gitrepo.Repo(repo.resolve(), "")
    with pytest.raises(GitError, match="不在 git 工作区中"):
        gitrepo.open_repo(repo / ".git")
    with pytest.raises(GitError, match="不在 git 仓库中"):
        gitrepo.open_repo(tmp_path)


@pytest.mark.parametrize("rev", ["", "-p", "--output=x", "HEAD\n", "a b", "HEAD\x00"])
def test_resolve_refuses_option_like_and_odd_revisions(tmp_path, rev):
    repo, _ = new_repo(tmp_path / "repo")
    with pytest.raises(GitError, match="无效"):
        gitrepo.resolve(gitrepo.open_repo(repo), rev)


def test_log_reads_odd_names_moves_and_blobs(tmp_path):
    repo, data = new_repo(tmp_path / "repo")
    folder = data / "progress" / "2022-04"
    folder.mkdir()
    (folder / '县 教委 "甲".yaml').write_text("a: 1\n", encoding="utf-8")
    first = commit(repo, "一", "2022-04-28T18:00:00+08:00", "张三")
    git(repo, "mv", 'data/progress/2022-04/县 教委 "甲".yaml', "data/progress/2022-04/乙\t局.yaml")
    commit(repo, "二", "2022-05-02T08:30:00+08:00", "李 四")
    handle = gitrepo.open_repo(data)
    entries = gitrepo.log(handle, ("progress",))
    head = entries[0].commit
    assert (head.sha, head.short, head.author, head.subject) == (first, first[:7], "张三", "一")
    assert entries[1].commit.date.isoformat() == "2022-05-02T08:30:00+08:00"
    added, moved = entries[0].changes[0], entries[1].changes[0]
    assert (added.status, added.old_blob, added.new_path) == (
        "A",
        None,
        'progress/2022-04/县 教委 "甲".yaml',
    )
    assert (moved.status, moved.old_path, moved.new_path) == (
        "R",
        'progress/2022-04/县 教委 "甲".yaml',
        "progress/2022-04/乙\t局.yaml",
    )
    assert moved.old_blob == moved.new_blob == added.new_blob
    assert added.new_blob is not None
    blobs = gitrepo.read_blobs(handle, [added.new_blob, "0" * 39 + "1", added.new_blob], 100)
    assert blobs == {added.new_blob: b"a: 1\n"}
    assert gitrepo.read_blobs(handle, [added.new_blob], 4) == {added.new_blob: gitrepo.Oversize(5)}


def test_materialise_writes_only_the_data_files(tmp_path):
    repo, data = new_repo(tmp_path / "repo")
    (data / "projects.yaml").write_text("x: 1\n", encoding="utf-8")
    (data / "notes.txt").write_text("n\n", encoding="utf-8")
    (data / "progress" / "2022-04").mkdir()
    (data / "progress" / "2022-04" / "甲.yaml").write_bytes(b"\xe7\x94\xb2\n")
    (data / "progress" / "2022-04" / "乙.yaml").symlink_to("/etc/passwd")
    sha = commit(repo, "一", "2022-04-28T18:00:00+08:00")
    target = tmp_path / "out"
    handle = gitrepo.open_repo(data)
    assert gitrepo.materialise(handle, sha, target, ("projects.yaml", "progress"), 100)
    found = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert found == ["progress/2022-04/甲.yaml", "projects.yaml"]
    assert (target / "progress" / "2022-04" / "甲.yaml").read_bytes() == b"\xe7\x94\xb2\n"
    other = gitrepo.Repo(handle.top, "elsewhere/")
    assert not gitrepo.materialise(other, sha, tmp_path / "none", ("progress",), 100)


def test_blobs_over_the_limit_are_streamed_past_not_held(tmp_path):
    """Memory stays bounded: a big file is skipped unread, the files around it still come."""
    repo, data = new_repo(tmp_path / "repo")
    (data / "projects.yaml").write_text("x: 1\n", encoding="utf-8")
    (data / "progress" / "2022-04").mkdir()
    big = data / "progress" / "2022-04" / "扫描件.pdf"
    big.write_bytes(b"%PDF" + bytes(3_000_000))
    (data / "progress" / "2022-04" / "甲.yaml").write_bytes(b"a: 1\n")
    sha = commit(repo, "一", "2022-04-28T18:00:00+08:00")
    handle = gitrepo.open_repo(data)
    files = dict(gitrepo.tree_files(handle, sha) or [])
    order = [
        files["projects.yaml"],
        files["progress/2022-04/扫描件.pdf"],
        files["progress/2022-04/甲.yaml"],
    ]
    blobs = gitrepo.read_blobs(handle, order, 1_000_000)
    assert blobs == {
        order[0]: b"x: 1\n",
        order[1]: gitrepo.Oversize(3_000_004),
        order[2]: b"a: 1\n",
    }
    target = tmp_path / "out"
    assert gitrepo.materialise(handle, sha, target, ("projects.yaml", "progress"), 1_000_000)
    copy = target / "progress" / "2022-04" / "扫描件.pdf"
    assert copy.stat().st_size == 3_000_004  # same size, so the loader judges it alike
    assert copy.stat().st_blocks * 512 < 1_000_000  # but sparse: its content was never written
    assert (target / "progress" / "2022-04" / "甲.yaml").read_bytes() == b"a: 1\n"
