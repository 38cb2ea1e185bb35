"""Operational errors: what the user asked for cannot be done (an output that cannot be written,
an archive that is not one, a manifest that cannot be read). The command line prints the message
on one line and exits with 2; the library never prints a traceback for these."""

from __future__ import annotations


class OperationalError(Exception):
    """Base of every error whose message is meant for the user as it is."""
