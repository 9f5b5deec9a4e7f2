"""Imported first by the fork server, and only there (`local.start_fork_server` puts it first in
the preload when the run's main thread starts the server): the server dies with the run
(`lifeline.die_with_parent`), and ignores Ctrl-C while it imports the rest, as it does after."""
from __future__ import annotations

import signal

from pipeline.engines.lifeline import die_with_parent

signal.signal(signal.SIGINT, signal.SIG_IGN)
die_with_parent()
