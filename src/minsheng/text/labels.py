"""The tool's own Chinese labels: the sample-data warning, and the names of fields, kinds and states."""

from __future__ import annotations

SAMPLE_BANNER = "【样例数据】以下数字由演示用的虚构进展数据计算，不是真实进展。"
