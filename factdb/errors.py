"""Errors factdb raises; the CLI turns each into a one-line message."""


class FactdbError(Exception):
    """Base class: anything the user can act on."""


class ConfigError(FactdbError):
    """The database location or another setting is unusable."""


class SchemaError(FactdbError):
    """The database schema is not the one this version of factdb expects."""


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped, so that it prints on one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class ReadError(FactdbError):
    """A file (or one line of it) cannot be read as an article."""

    def __init__(self, where: str, reason: str):
        self.where, self.reason = one_line(where), one_line(reason)
        super().__init__(f"{self.where}: {self.reason}")

    def __reduce__(self):  # picklable, to travel back from worker processes
        return (type(self), (self.where, self.reason))


class QueryError(FactdbError):
    """A query given to `factdb sql` is refused or fails."""


class NotFoundError(FactdbError):
    """An identifier names nothing in the database."""
