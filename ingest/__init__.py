"""jixiao ingest: read budget performance documents into raw DuckDB tables, as written."""

from .parse import PARSER_VERSION, parse_bytes, parse_text
from .records import ParsedDocument

__all__ = ["PARSER_VERSION", "ParsedDocument", "parse_bytes", "parse_text"]
