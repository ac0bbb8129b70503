"""Errors the CLI turns into one clear line on stderr and exit code 3."""


class AuditorError(Exception):
    """Base class: unreadable input or an invalid rule pack / table profile."""

    exit_code = 3


class InputError(AuditorError):
    """The input document cannot be read (missing, wrong format, corrupt, too large)."""


class ConfigError(AuditorError):
    """A rule pack or table profile is invalid; the message names the file and line."""
