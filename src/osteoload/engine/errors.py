"""Input errors carry the JSON path of the offending field, so every interface can say exactly
what is wrong in one line."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: `field` is a dotted JSON path (``dxa[0].t_score``), `problem` a short sentence."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem

    def within(self, prefix: str) -> InputError:
        """The same error, seen from a containing document (``profile`` + ``age``)."""
        if not prefix:
            return self
        joined = (
            f"{prefix}.{self.field}"
            if self.field and not self.field.startswith("[")
            else (f"{prefix}{self.field}")
        )
        return InputError(joined, self.problem)
