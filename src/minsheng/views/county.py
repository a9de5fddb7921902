"""A county's data repository as ``minsheng init`` lays it out: the files and their text.

    DIR/
      data/projects.yaml            登记表（样例骨架，或由通知表格生成）
      data/progress/                各单位的进展报告
      schema/*.schema.json          编辑器校验用的 JSON Schema
      .pre-commit-config.yaml       提交前检查（固定版本的 minsheng）
      .github/workflows/minsheng.yml  CI：检查数据，生成网站、通报和汇总表
      .gitignore
      README.md                     给本办的说明
      填报指南.md                    给各单位填报人员的说明

Everything here is text built from its arguments; ``cli/init.py`` writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..load.layout import PROGRESS_DIR, REGISTRY_FILE
from ..load.table import UNCHECKED_UNIT, Candidate, NoticeTable, TableRow, candidates
from ..models.schema import SCHEMA_FILES, json_schema
from ..records import frozen
from .yaml_text import document

# Where this tool's own repository lives: the county repository's pre-commit hook and CI
# install minsheng from there at a pinned version (the office replaces it with its mirror).
TOOL_REPO = "https://git.example.gov.cn/fgw/minsheng"
DATA_DIR = "data"
SCHEMA_DIR = "schema"
GUIDE = "填报指南.md"


@frozen
class RepoFile:
    path: str  # relative to the repository, with "/"
    text: str


def repository(projects_yaml: str, year: int, county: str) -> tuple[RepoFile, ...]:
    """Every file of a new county repository, ``projects_yaml`` as its registry."""
    files = [
        RepoFile(f"{DATA_DIR}/{REGISTRY_FILE}", projects_yaml),
        RepoFile(f"{DATA_DIR}/{PROGRESS_DIR}/.gitkeep", ""),
        *(
            RepoFile(f"{SCHEMA_DIR}/{name}", json_schema(kind))
            for kind, name in SCHEMA_FILES.items()
        ),
        RepoFile(".gitignore", GITIGNORE),
        RepoFile(".pre-commit-config.yaml", pre_commit_config()),
        RepoFile(".github/workflows/minsheng.yml", workflow()),
        RepoFile("README.md", readme(year, county)),
        RepoFile(GUIDE, guide(county)),
    ]
    return tuple(files)


GITIGNORE = """\
# minsheng 生成的文件（网站、通报、汇总表）不提交，需要时重新生成
_site/
bulletins/
*.xlsx
*.docx
*.pdf
# Office 和系统的临时文件
~$*
.~lock.*
.DS_Store
Thumbs.db
# Python 环境
.venv/
__pycache__/
"""


def pre_commit_config() -> str:
    return f"""\
# 提交前检查：改动了登记表或进展报告时，先运行 minsheng check，有错误就不让提交。
# 每个填报人员在自己电脑上装一次：pip install pre-commit && pre-commit install
repos:
  - repo: {TOOL_REPO}   # minsheng 的仓库地址（请改为本单位实际使用的地址或镜像）
    rev: v{__version__}                                     # 固定的 minsheng 版本；升级时改这里，并运行 minsheng schema --update
    hooks:
      - id: minsheng-check
        args: [--data, {DATA_DIR}]
# 没有外网时（见 README.md「没有外网时」）：先用本地的 wheel 安装 minsheng，
# 再把上面的 repos 换成下面的本地钩子（去掉行首的 #）：
# repos:
#   - repo: local
#     hooks:
#       - id: minsheng-check
#         name: minsheng check（检查项目登记表和进展报告）
#         entry: minsheng check --data {DATA_DIR}
#         language: system
#         pass_filenames: false
#         files: (^|/)(projects\\.ya?ml|progress/.+\\.ya?ml)$
"""


def workflow() -> str:
    return f"""\
# 重点民生实事数据仓库的 CI：每次推送和合并请求都检查 data/，数据有错时在文件的对应行上
# 标注并判为失败；数据无误时生成静态网站、最近一个季度的通报和 Excel 汇总表，作为构件上传。
name: minsheng

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: ${{{{ github.workflow }}}}-${{{{ github.ref }}}}
  cancel-in-progress: true

env:
  PYTHONUTF8: "1"
  NO_COLOR: "1"
  # 固定的 minsheng 版本，与 .pre-commit-config.yaml 的 rev 一致；升级时两处一起改。
  MINSHENG_VERSION: "{__version__}"
  MINSHENG_REPO: {TOOL_REPO}

jobs:
  minsheng:
    name: 检查数据、生成网站和通报
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - name: 检出仓库
        uses: actions/checkout@v5
        with:
          persist-credentials: false

      - name: 安装 Python 3.11
        uses: actions/setup-python@v6
        with:
          python-version: "3.11"

      # vendor/ 中有离线安装包（见 README.md「没有外网时」）时从那里安装，否则从 minsheng 的仓库安装。
      - name: 安装 minsheng（固定版本）
        timeout-minutes: 5
        run: |
          if ls vendor/minsheng-"$MINSHENG_VERSION"-*.whl >/dev/null 2>&1; then
            python -m pip install --no-index --find-links vendor "minsheng==$MINSHENG_VERSION"
          else
            python -m pip install "minsheng @ git+$MINSHENG_REPO@v$MINSHENG_VERSION"
          fi

      - name: JSON Schema 是否最新（minsheng schema --check）
        timeout-minutes: 2
        run: minsheng schema --check

      - name: 检查数据（minsheng check）
        timeout-minutes: 5
        run: minsheng check --format github

      - name: 确定统计日期和最近季度
        id: period
        timeout-minutes: 2
        run: |
          as_of="$(minsheng status --format json | python -c 'import json, sys; print(json.load(sys.stdin)["as_of"])')"
          month="${{as_of:5:2}}"
          quarter="${{as_of:0:4}}Q$(( (10#$month - 1) / 3 + 1 ))"
          echo "统计日期 $as_of，通报期间 $quarter"
          {{
            echo "as_of=$as_of"
            echo "quarter=$quarter"
          }} >> "$GITHUB_OUTPUT"

      - name: 生成静态网站（minsheng site）
        timeout-minutes: 5
        env:
          AS_OF: ${{{{ steps.period.outputs.as_of }}}}
        run: minsheng site -o _site --as-of "$AS_OF"

      - name: 生成季度通报和 Excel 汇总表
        timeout-minutes: 5
        env:
          AS_OF: ${{{{ steps.period.outputs.as_of }}}}
          QUARTER: ${{{{ steps.period.outputs.quarter }}}}
        run: |
          mkdir -p bulletins
          minsheng bulletin --period "$QUARTER" --as-of "$AS_OF" --format md -o "bulletins/$QUARTER.md"
          minsheng bulletin --period "$QUARTER" --as-of "$AS_OF" --format html -o "bulletins/$QUARTER.html"
          minsheng export --as-of "$AS_OF" -o "bulletins/重点民生实事-$AS_OF.xlsx"

      - name: 上传网站
        uses: actions/upload-artifact@v6
        with:
          name: minsheng-site
          path: _site/
          if-no-files-found: error
          retention-days: 30

      - name: 上传通报
        uses: actions/upload-artifact@v6
        with:
          name: minsheng-bulletins
          path: bulletins/
          if-no-files-found: error
          retention-days: 30
"""


def readme(year: int, county: str) -> str:
    return f"""\
# {county}重点民生实事数据

本仓库用 [minsheng](https://git.example.gov.cn/fgw/minsheng)（版本 {__version__}）管理{county}的重点民生实事：
登记表、各单位的进展报告都是 YAML 文件，提交到 git 留痕。

## 文件

| 位置 | 内容 | 谁来改 |
|---|---|---|
| `data/projects.yaml` | 登记表：计划、责任单位、项目和目标任务 | 统筹单位（县发展改革委） |
| `data/progress/YYYY-MM/单位.yaml` | 各单位的进展报告，一个单位一期一个文件 | 各责任单位 |
| `data/office.yaml`（可选） | 本办规则：预警颜色、通报用语、休息日、免报 | 统筹或督查单位 |
| `schema/` | 编辑器校验用的 JSON Schema | 升级 minsheng 后运行 `minsheng schema --update` |
| `{GUIDE}` | 给各单位填报人员的说明 | — |

## 常用命令（在本仓库根目录运行）

```sh
minsheng check                       # 检查全部数据
minsheng status                      # 项目进展一览
minsheng new-report --unit 县教委 --month {year}-05   # 生成某单位某月的报告文件
minsheng bulletin --period {year}Q2 -o 第二季度通报.docx
minsheng export -o 汇总.xlsx
```

## 换一年

每年一个数据文件夹：年底用 `minsheng new-year --from data --year {year + 1} -o data-{year + 1}`
生成下一年的登记表（未完成的项目带着剩余任务接续实施），核对后把旧的 `data/` 改名为
`data-{year}/`、新的改名为 `data/`，提交。查看跨年度累计时加 `--previous data-{year}`。

## 升级 minsheng

把 `.pre-commit-config.yaml` 的 `rev` 和 `.github/workflows/minsheng.yml` 的 `MINSHENG_VERSION`
改为新版本，安装新版本后运行 `minsheng schema --check`（过期时 `minsheng schema --update`）和
`minsheng check`，一起提交。

## 没有外网时

在能上网的电脑上，从 minsheng 的仓库生成离线安装包（含全部依赖）：

```sh
pip wheel "minsheng @ git+{TOOL_REPO}@v{__version__}" -w vendor/
```

把 `vendor/` 拷到本仓库根目录并提交。之后安装：
`pip install --no-index --find-links vendor minsheng=={__version__}`；CI 发现 `vendor/` 中有安装包时自动这样安装；
提交前检查改用 `.pre-commit-config.yaml` 中注释掉的本地钩子。
"""


def guide(county: str) -> str:
    return f"""\
# 填报指南（{county}重点民生实事）

各责任单位每期报送一份进展报告，放在 `data/progress/报送月份/单位名称.yaml`。

1. 生成报告文件：`minsheng new-report --unit 本单位名称 --month YYYY-MM`（按季度报送的写
   `--period YYYYQn`）。文件中已预填本单位负责的项目、指标和上期的数字，每行都有注释说明填什么。
2. 填写：
   - `reporter` 填报人姓名（必填），`submitted` 报送日期；
   - 每个项目的 `progress`（进展情况）、`problems`（存在问题）、`next_steps`（下步打算）；
   - 数量类指标的 `value` 填**年初至今的累计数**，不是本期新增数；
   - 阶段类填 `stage`（未启动、已启动、建成、投用），清单类逐项填 `stage`；
   - 分解到各乡镇（街道）的指标，在 `areas` 中按地区填累计数；
   - 牵头单位在 `investment` 中填累计完成投资和各资金来源的下达、拨付金额；
   - 某个数比上期小时，在该指标下写 `correction: 更正原因`。
3. 检查：`minsheng check`。有错误时，提示会写明文件、行、列和改法。
4. 提交：`git add data/progress && git commit -m "本单位 YYYY年M月 进展"`，然后推送。

填写 YAML 时注意：冒号用半角「:」并在后面加一个空格；缩进用空格，不要用 Tab；数字不要带单位。
"""


# ---- the registry: a sample skeleton, or from the notice's table --------------------------------


def skeleton(year: int, county: str) -> str:
    """A commented registry with one example of every indicator kind (sample data)."""
    return f"""\
# yaml-language-server: $schema=../{SCHEMA_DIR}/projects.schema.json
# {county}{year}年重点民生实事项目登记表（骨架）。下面的项目是示例：请按本县的通知改写，
# 改完后把 sample 改为 false。各字段的含义见 minsheng 的「数据格式」文档。
sample: true                       # 示例数据：一切输出都会标明「样例数据」
plan:
  year: {year}
  title: {year}年{county}重点民生实事工作目标任务   # 通知附件的标题
  doc_number: 某府办发〔{year}〕1号   # 通知文号
  issuer: {county}人民政府办公室
  issued: {year}-03-31               # 印发日期
  coordinator: 县发展改革委          # 汇总调度的单位
  supervisor: 县政府督查室           # 督查通报的单位
  contact: {{name: 联系人姓名, phone: "023-00000000"}}
  reporting:
    first_month: {year}-04           # 首个报送月份
    rule: 各责任单位每月底前将当月推进情况报县发展改革委   # 通知原文
  # 以下可选：层级、类别和声明的件数、项数
  # levels:
  #   - {{name: 省级, source: 《…省{year}年民生实事》}}
  #   - {{name: 县级, source: 县人大票决确定}}
  # categories: [{{name: 教育}}, {{name: 民生保障}}]
  # declared: {{projects: 3, items: 8}}
units:
  - {{name: 县发展改革委, kind: 部门}}
  - {{name: 县政府督查室, kind: 部门}}
  - {{name: 县住房城乡建委, kind: 部门}}
  - {{name: 县教委, kind: 部门}}
  - {{name: 县民政局, kind: 部门}}
  # - {{name: 某某镇, kind: 乡镇, contact: {{name: 联系人, phone: "…"}}}}
projects:
  - id: 1
    name: 建成1个市民广场
    units: [县住房城乡建委]          # 第一个为牵头单位
    text: 建成滨河公园广场8000平方米，改造2座城市公厕，新建1座农贸市场。   # 通知原文
    # level: 县级                    # 以下可选：层级、类别、类型、票决、投资、责任领导和责任人
    # category: 民生保障
    # type: 工程类
    # investment: {{unit: 万元, annual: 3000, sources: [{{name: 中央, planned: 1800}}, {{name: 县级, planned: 1200}}]}}
    # leaders: [{{name: 张三, post: 副县长, role: 牵头领导}}]
    # responsible: {{name: 李四, post: 局长, phone: "139…"}}
    indicators:
      - id: 1-1                      # 数量：累计完成数对目标数
        name: 滨河公园广场建成面积
        kind: quantity
        target: 8000
        unit: 平方米
        milestones:
          - {{by: {year}-06-30, value: 3000}}
        # split: [{{area: 某某镇, target: 4000}}, …]   # 分解到各乡镇（街道）的目标
      - id: 1-2                      # 清单：若干具名的地点，每项有自己的目标阶段
        name: 城市公厕
        kind: checklist
        items:
          - {{name: 南大街公厕, target: 完成}}
          - {{name: 北大街公厕, target: 完成}}
      - id: 1-3                      # 阶段：设施从未启动到投用
        name: 农贸市场
        kind: stage
        target: 建成
  - id: 2
    name: 发展普惠性学前教育
    units: [县教委]
    text: 全县学前三年毛入园率达到92%以上，儿童青少年总体近视率逐年降低，推进“双减”工作。
    indicators:
      - id: 2-1                      # 达标：比率达到（>=）或不超过（<=）某值
        name: 学前三年毛入园率
        kind: threshold
        target: 92
        unit: "%"
      - id: 2-2                      # 趋势：比基数降低或提高，年底判定
        name: 儿童青少年总体近视率
        kind: trend
        direction: decrease
        unit: "%"
        baseline: 40.2
      - id: 2-3                      # 定性：没有数字，按督查评价或单位自评
        name: “双减”工作
        kind: qualitative
  - id: 3
    name: 实施老年人照顾服务计划
    units: [县民政局]
    text: 开展3个社区居家养老服务试点。
    indicators:
      - id: 3-1
        name: 社区居家养老服务试点
        kind: quantity
        target: 3
        unit: 个
"""


def _guess_kind(name: str) -> str | None:
    """部门, 乡镇, 街道, 县区 or 企业, from how a unit's name ends (to be checked)."""
    if name.endswith(("街道", "街道办事处")):
        return "街道"
    if name.endswith(("镇", "乡")):
        return "乡镇"
    if name.endswith(("区", "县")) and not name.startswith("县"):
        return "县区"
    if name.endswith(("公司", "集团", "银行")):
        return "企业"
    return "部门"


def _indicator(project: int, n: int, c: Candidate) -> dict[str, Any]:
    found: dict[str, Any] = {
        "#": f"原文「{c.source}」：待核对（类型、目标和单位）",
        "id": f"{project}-{n}",
        "name": c.name,
        "kind": c.kind,
        "target": c.value,
        "unit": c.unit,
    }
    if c.kind == "threshold":
        found["comparator"] = c.comparator
    elif c.at_least:
        found["at_least"] = True
    found["unverified"] = True
    return found


def _project(row: TableRow) -> dict[str, Any]:
    found = candidates(row.text)
    indicators = [_indicator(row.number, n, c) for n, c in enumerate(found, 1)]
    if not indicators:  # no figure: a qualitative target until a person says otherwise
        indicators = [
            {
                "#": "原文中没有数字：暂按定性指标登记，待核对",
                "id": f"{row.number}-1",
                "name": row.name,
                "kind": "qualitative",
                "unverified": True,
            }
        ]
    project: dict[str, Any] = {"id": row.number, "name": row.name, "units": list(row.units)}
    if row.category:
        project["category"] = row.category
    project["text"] = row.text
    project["indicators"] = indicators
    return project


def units_of(rows: Iterable[TableRow]) -> list[str]:
    return list(dict.fromkeys(u for row in rows for u in row.units))


def from_table(table: NoticeTable, year: int, county: str) -> str:
    """The registry of the notice's table: its projects, units (the lead first) and verbatim
    target texts; every figure of a target text a candidate indicator marked 待核对."""
    names = units_of(table.rows)
    units = []
    for name in names:
        kind = _guess_kind(name)
        units.append({"name": name, **({"kind": kind} if kind else {})})
    plan: dict[str, Any] = {
        "year": year,
        "title": f"{year}年{county}重点民生实事工作目标任务",
        "issuer": f"{county}人民政府办公室",
        "issued": f"{year}-01-01",
        "coordinator": next(
            (n for n in names if "发展改革" in n), names[0] if names else "县发展改革委"
        ),
        "contact": {"name": "联系人姓名"},
        "reporting": {
            "first_month": f"{year}-01",
            "rule": "各责任单位每月底前将当月推进情况报统筹单位",
        },
    }
    if table.categories:
        plan["categories"] = [{"name": c} for c in table.categories]
    plan["declared"] = {"projects": len(table.rows)}
    data: dict[str, Any] = {
        "sample": False,
        "plan": {
            "#": "计划信息：请按通知逐项核对（标题、文号、印发日期、统筹单位、联系人、报送要求）",
            **plan,
        },
        "units": [{"#": "单位类型按名称推断，请核对", **units[0]}, *units[1:]] if units else [],
        "projects": [_project(row) for row in table.rows],
    }
    header = [
        f"yaml-language-server: $schema=../{SCHEMA_DIR}/projects.schema.json",
        f"{county}{year}年重点民生实事项目登记表：由通知的附件表格生成（minsheng init --from-table）。",
        "项目名称、责任单位（第一个牵头）和目标任务原文照录表格；目标任务中的每个数字都生成了一个",
        "候选指标（unverified: true，待核对）。请逐个对照原文核对类型、目标和单位，改好后删去",
        "「unverified: true」；不是目标的数字（如「11个乡镇」中的 11）改写为清单或删去。",
        f"单位写成「{UNCHECKED_UNIT}」的，是数字后面没有认出单位。",
    ]
    return document(data, header)
