"""The `osteoload` command line. Each subcommand lives in `osteoload.commands.<name>` and exposes
`configure(parser)` and `run(args) -> int`; modules load lazily so `assess` never imports Django.

Exit status: 0 success, 2 bad input (one line on stderr, nothing on stdout), 3 medical clearance
required (from `plan`).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from osteoload.engine.errors import InputError

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": (
        "osteoload.commands.assess",
        "assess a client profile (JSON) → osteoload.assessment/1",
    ),
    "plan": ("osteoload.commands.plan", "generate a training program → osteoload.program/1"),
    "exercises": ("osteoload.commands.exercises", "list the exercise catalogue"),
    "progress": (
        "osteoload.commands.progress",
        "next load for an exercise → osteoload.progression/1",
    ),
    "nutrition": (
        "osteoload.commands.nutrition",
        "estimate calcium, vitamin D/K and protein intake",
    ),
    "sleep": ("osteoload.commands.sleep", "summarise a week of sleep logs"),
    "forecast": ("osteoload.commands.forecast", "forecast bone density → osteoload.forecast/1"),
    "calibrate": ("osteoload.commands.calibrate", "fit the bone model to the calibration trials"),
    "serve": ("osteoload.commands.serve", "run the gym application with demo data"),
    "manage": ("osteoload.commands.manage", "run a Django management command"),
}


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _available() -> dict[str, tuple[str, str]]:
    found = {}
    for name, (module, help_text) in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            found[name] = (module, help_text)
    return found


def build_parser() -> tuple[OneLineParser, dict[str, str]]:
    parser = OneLineParser(prog="osteoload", description="osteoload: strength training for bones")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    modules: dict[str, str] = {}
    for name, (module, help_text) in _available().items():
        if name == "manage":
            # `manage` passes everything after it to Django untouched.
            sub.add_parser(name, help=help_text, add_help=False)
        else:
            command = importlib.import_module(module)
            command.configure(sub.add_parser(name, help=help_text, description=help_text))
        modules[name] = module
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["manage"] and "manage" in _available():
        return int(importlib.import_module(COMMANDS["manage"][0]).run_manage(args_list[1:]))
    if args_list and args_list[0] in COMMANDS and args_list[0] in _available():
        # Import only the requested command: fast start-up, no Django for the engine commands.
        name = args_list[0]
        module = importlib.import_module(COMMANDS[name][0])
        parser = OneLineParser(prog=f"osteoload {name}", description=COMMANDS[name][1])
        module.configure(parser)
        args = parser.parse_args(args_list[1:])
        run = module.run
    else:
        parser, _ = build_parser()
        args = parser.parse_args(args_list)
        if not args.command:
            parser.error(f"a command is required ({', '.join(_available())}); see --help")
        run = importlib.import_module(COMMANDS[args.command][0]).run
    try:
        return int(run(args))
    except InputError as error:
        sys.stderr.write(f"osteoload: error: {error}\n")
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
