"""The registry: the city's memory of providers, units, cases, officer entries and their history, in a
real database (SQLAlchemy 2 + Alembic; an embedded SQLite file by default, a PostgreSQL server by URL).

Layer: beside ``workbooks`` and ``forms`` (it may import ``greendiag.rules`` and ``greendiag.files``;
``generator`` imports it).  Identity of providers and units: :func:`greendiag.rules.identity.normalise_name`
(and the 统一社会信用代码 where present).

Public API::

    from greendiag.registry import open_registry, Registry, RegistryError, schema
    with open_registry("登记库.sqlite") as reg, reg.write() as conn:   # one transaction, write lock held
        conn.execute(schema.providers.insert().values(...))

Tables: :mod:`greendiag.registry.schema`; migrations: ``registry/migrations/versions`` (a new table is a new
revision file whose ``down_revision`` is the newest one).
"""

from greendiag.registry import schema
from greendiag.registry.db import Registry, RegistryError, now, open_registry, registry_url

__all__ = ["Registry", "RegistryError", "now", "open_registry", "registry_url", "schema"]
