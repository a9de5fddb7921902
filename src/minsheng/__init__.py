"""minsheng: 重点民生实事项目管理 (key livelihood projects, tracked from YAML in git)."""

__version__ = "0.1.0"
