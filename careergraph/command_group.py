"""The click group of every careergraph command: our errors as one line on stderr and
their exit code, never a traceback."""

from __future__ import annotations

import sys

import click

from careergraph.errors import CareerGraphError, InvalidData


class CareerGraphGroup(click.Group):
    """Maps our errors to exit codes in one place: one line on stderr, no traceback. Also
    used by `careergraph profile`, so that the group keeps that promise when it runs on
    its own."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InvalidData as exc:
            for problem in exc.problems:
                click.echo(f"careergraph: {problem}", err=True)
            ctx.exit(exc.exit_code)
        except CareerGraphError as exc:
            click.echo(f"careergraph: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
