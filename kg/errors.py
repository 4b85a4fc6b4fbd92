"""Errors a user can cause: each carries one line that names the input and the fix."""


class UserError(Exception):
    """A problem with the user's input; the CLI prints it as one line and exits non-zero."""


def describe(path: object, problem: str, fix: str) -> str:
    """Format the one-line message: what went wrong, where, and what to do."""
    return f"{path}: {problem}; {fix}"
