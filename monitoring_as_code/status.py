"""Process exit codes, one place for all verbs."""

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes of ``mac``, documented in ``mac --help``."""

    SUCCESS = 0
    PROBLEMS = 1  # problems at or above the threshold, failed tests, a diff with changes
    USAGE_OR_DEFINITION_ERROR = 2
    TOOL_MISSING = 3
    PUBLISH_FAILED = 4
    CTRL_C = 130
