"""The worked example: the scenario as pure data (``cast``, ``scenario``) and the loading of it into
a workspace (``loading``), which ``breachreport demo`` and the tests use.

Nothing is imported here, so reading the scenario does not pull in the use cases and storage.
"""
