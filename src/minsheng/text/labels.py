"""The tool's own Chinese labels: the sample-data warning, and the names of fields, kinds and states."""

from __future__ import annotations

SAMPLE_BANNER = "【样例数据】以下数字由演示用的虚构进展数据计算，不是真实进展。"
# Every bulletin and page built from sample data says so, in these words.
SAMPLE_TITLE = "样例数据"
SAMPLE_TEXT = (
    "本文由演示用的虚构进展数据生成，其中的数字不是真实进展，不得作为正式通报或考核依据使用。"
)
SAMPLE_NOTE = f"【{SAMPLE_TITLE}】{SAMPLE_TEXT}"
