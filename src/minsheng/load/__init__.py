"""Reading a data folder: YAML with positions, validation in Chinese, cross-file checks, the cache."""
