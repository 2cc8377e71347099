"""One exception root for the whole project.

Every error a user can meet is a subclass of PolicyGraphError and carries a
message that says what is wrong *and what to do*. The CLI maps them to exit
codes, the API to HTTP statuses; nothing else catches broad exceptions.
"""

from __future__ import annotations


class PolicyGraphError(Exception):
    """Root of every error policygraph raises on purpose."""

    exit_code = 1
    http_status = 500
    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message

    def to_dict(self) -> dict[str, str | None]:
        return {"error": self.code, "message": self.message, "hint": self.hint}


class BadInputError(PolicyGraphError):
    """A text or file policygraph cannot read: wrong encoding, empty, binary, too large, no items."""

    exit_code = 2
    http_status = 422
    code = "bad_input"


class NotFoundError(PolicyGraphError):
    """A measure, region, department or document that is not in the graph."""

    exit_code = 3
    http_status = 404
    code = "not_found"


class UnknownMeasureError(NotFoundError):
    code = "unknown_measure"


class StoreUnavailableError(PolicyGraphError):
    """The database cannot be reached or the data directory cannot be used."""

    exit_code = 4
    http_status = 503
    code = "store_unavailable"


class QueryError(PolicyGraphError):
    """A query the store refused (e.g. a write sent to the read-only console)."""

    exit_code = 5
    http_status = 400
    code = "query_error"


class AuthError(PolicyGraphError):
    exit_code = 6
    http_status = 401
    code = "unauthorized"
