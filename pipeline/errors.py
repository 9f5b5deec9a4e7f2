"""Errors the library raises; only the CLI turns them into messages and exit codes.

PipelineError
├── SettingsError   a setting has an invalid value
├── ModelError      the spaCy model cannot be loaded
└── InputError      an input cannot be read at all (e.g. claims.jsonl is missing)

Bad articles inside a dump are not errors: they become `Rejection` records.
"""


class PipelineError(Exception):
    """Base class of every error this package raises on purpose."""


class SettingsError(PipelineError, ValueError):
    pass


class ModelError(PipelineError):
    pass


class InputError(PipelineError):
    pass
