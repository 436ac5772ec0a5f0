"""Alembic environment: runs migrations on the connection handed over by ``storage.migrate``.

Never opens its own connection from a config file, so credentials live in one place only.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import breachreport.storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through breachreport.storage.migrate, not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
