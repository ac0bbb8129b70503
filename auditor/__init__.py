"""lkjip-auditor: find inconsistencies in Indonesian government performance reports."""

__version__ = "0.1.0"
