"""Subcommands of the `osteoload` command line (see `osteoload.cli`)."""
