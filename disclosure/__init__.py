"""Turn 政府信息公开工作年度报告 files into checked, traceable numbers.

Flow (one direction): readers -> document model -> parse -> checks -> store (Parquet) -> queries -> pages.
"""

__version__ = "0.1.0"
PARSER_VERSION = "1"
