"""The `bridge` command: parses options, calls the library, prints. Nothing else.

Each command lives in its own module, imported only when that command runs, so a command
pays for the parts of bridge it uses and no others.
"""

from __future__ import annotations

import importlib

import click

COMMANDS = {
    "validate": "bridge.cli.validate",
    "export": "bridge.cli.export",
    "import": "bridge.cli.import_table",
    "search": "bridge.cli.search",
    "eval": "bridge.cli.evaluate",
    "contacts": "bridge.cli.contacts",
    "pack": "bridge.cli.pack",
    "gaps": "bridge.cli.gaps",
    "submissions": "bridge.cli.submissions",
    "draft": "bridge.cli.draft",
    "links": "bridge.cli.links",
}


class LazyGroup(click.Group):
    """A group whose commands are imported from their modules when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = importlib.import_module(module).command
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bridge")
def main() -> None:
    """bridge: the right resources and contacts for each person working against online
    child sexual exploitation and abuse."""
