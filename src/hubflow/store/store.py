"""The store: scenarios and plans as versioned rows in SQLite (default) or PostgreSQL.

Every write is one transaction; every failure is a :class:`hubflow.errors.StoreError` and leaves
earlier rows as they were. Reads return frozen records, so callers never hold a session.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from numbers import Real
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hubflow.errors import StoreError
from hubflow.store import migrations
from hubflow.store.documents import canonical_json, sha256_hex
from hubflow.store.records import PlanRecord, ScenarioRecord
from hubflow.store.tables import (
    NAME_MAX,
    SOLVER_MAX,
    STATUS_MAX,
    PlanRow,
    ScenarioRow,
)

log = logging.getLogger("hubflow")

DEFAULT_URL = "sqlite:///hubflow.db"
"""Used when neither a URL nor ``HUBFLOW_DB`` is given: a SQLite file in the current folder."""

ENV_VAR = "HUBFLOW_DB"

Also = Callable[[Session, int], None]
"""Writes rows that belong with a new scenario or plan, in its transaction, given its id."""

#: how long SQLite waits on a locked database (its busy timeout), and a new connection retries
#: its set-up while the database answers "locked" without waiting
_BUSY_SECONDS = 30.0
_VERSION_ATTEMPTS = 10  # concurrent writers of the same scenario name retry this often
_WRITE = "hubflow_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


def open_store(url: str | None = None) -> Store:
    """Open (and if needed create) the store at ``url``.

    ``url`` is a SQLAlchemy URL (``sqlite:///plans.db``, ``postgresql+psycopg://user:pw@host/db``)
    or a plain file path, taken as a SQLite file. Without ``url``, the environment variable
    ``HUBFLOW_DB`` is used, else ``sqlite:///hubflow.db`` in the current folder.
    An empty database gets the newest schema; one at an older revision is refused with the
    command that upgrades it (``hubflow db upgrade``).

    Raises
    ------
    StoreError
        when the URL is malformed, its driver is not installed, the database cannot be reached,
        or its schema is older or newer than this hubflow's.
    """
    return Store(_resolve_url(url))


def store_plan(
    url: str | None,
    scenario_name: str,
    scenario: dict[str, Any],
    plan: dict[str, Any],
    kpis: dict[str, Any],
) -> PlanRecord:
    """Open the store at ``url``, save the scenario (a new version only if it changed) and
    the plan with its KPIs, and close it again; returns the stored plan.

    Raises
    ------
    StoreError
        with a one-line message that says what failed and where (password hidden), e.g.
        ``saving a plan of scenario 3 failed (sqlite:///hubflow.db): disk I/O error``, so a
        caller can print "plan written to OUT but not stored: <message>".
    """
    with open_store(url) as store:
        saved = store.save_scenario(scenario_name, scenario)
        return store.save_plan(saved.id, plan, kpis)


def _resolve_url(url: str | None) -> URL:
    text = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in text:
        text = f"sqlite:///{text}"
    try:
        return make_url(text)
    except ArgumentError as exc:
        raise StoreError(f"store URL {text!r} is not a database URL: {exc}") from exc


class Store:
    """Scenarios and plans in one database. Use :func:`open_store` to get one.

    Usable as a context manager; :meth:`close` releases the connections.
    """

    def __init__(self, url: URL) -> None:
        self.url = url.render_as_string(hide_password=True)
        """The database URL, password hidden: safe to print."""
        self.url_with_password = url.render_as_string(hide_password=False)
        """The full URL, for opening the same store in another process; never print it."""
        self._engine = _create_engine(url, self.url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        try:
            with self._translate(f"opening the store at {self.url}"):
                self._create_schema()
        except BaseException:
            self._engine.dispose()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release every pooled connection; the store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # -- writes ------------------------------------------------------------------------------

    def save_scenario(
        self, name: str, content: dict[str, Any], *, also: Also | None = None
    ) -> ScenarioRecord:
        """Store ``content`` as the next version of scenario ``name`` and return that version.

        ``also(session, id)`` is called with the new row's id inside the same transaction, to
        write rows that belong with it (e.g. who owns it); it is not called when nothing is
        written.

        When ``content`` equals the latest version's content, nothing is written and the latest
        version is returned. Versions count 1, 2, 3... per name. Concurrent writers of one name
        queue (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock on the name), and a
        unique constraint on (name, version) backs this up (a writer that loses retries).

        Raises
        ------
        StoreError
            when ``name`` is empty or too long, ``content`` is not JSON-serialisable, or the
            database refuses the write.
        """
        if not isinstance(name, str) or not name.strip():
            raise StoreError(f"scenario name must be a non-empty string, got {name!r}")
        if len(name) > NAME_MAX:
            raise StoreError(f"scenario name is {len(name)} characters long (at most {NAME_MAX})")
        document, text = canonical_json(content, f"scenario {name!r} content")
        digest = sha256_hex(text)

        for attempt in range(1, _VERSION_ATTEMPTS + 1):
            try:
                with self._translate(f"saving scenario {name!r}"), self._write() as session:
                    self._lock_name(session, name)
                    latest = session.scalars(
                        select(ScenarioRow)
                        .where(ScenarioRow.name == name)
                        .order_by(ScenarioRow.version.desc())
                        .limit(1)
                    ).first()
                    if latest is not None and latest.sha256 == digest:
                        return _scenario_record(latest)
                    row = ScenarioRow(
                        name=name,
                        version=1 if latest is None else latest.version + 1,
                        created_at=_now(),
                        sha256=digest,
                        content=document,
                    )
                    session.add(row)
                    session.flush()
                    if also is not None:
                        also(session, row.id)
                    record = _scenario_record(row)
                log.debug("stored scenario %r version %d (id %d)", name, record.version, record.id)
                return record
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError) or attempt == _VERSION_ATTEMPTS:
                    raise
                # Another writer took this version number first; read the new latest and retry.
                time.sleep(random.uniform(0.0, 0.01 * attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def save_plan(
        self,
        scenario_id: int,
        plan: dict[str, Any],
        kpis: dict[str, Any],
        *,
        also: Also | None = None,
    ) -> PlanRecord:
        """Store a plan of scenario version ``scenario_id`` with its KPIs; return the new row.

        ``also(session, id)`` runs in the same transaction with the new plan's id (e.g. to mark
        the job that made it done), so the plan and what refers to it are stored together.

        ``plan`` is the plan's JSON document (``Plan.to_dict()``) and ``kpis`` the KPI summary
        (``Kpis.summary()`` or ``Kpis.to_dict()``). The summary columns are taken from them:
        ``solver``, ``status``, ``objective``, ``lower_bound`` from ``plan`` (else ``kpis``);
        ``gap_pct``, ``total_cost``, ``co2e_t``, ``on_time_pct`` from ``kpis``. Missing ones are
        stored as NULL.

        Raises
        ------
        StoreError
            when there is no scenario ``scenario_id``, a document is not JSON-serialisable, a
            summary value has the wrong type, or the database refuses the write.
        """
        if isinstance(scenario_id, bool) or not isinstance(scenario_id, int):
            raise StoreError(f"scenario_id must be an int, got {scenario_id!r}")
        content, _ = canonical_json(plan, f"plan of scenario {scenario_id} content")
        kpi_doc, _ = canonical_json(kpis, f"plan of scenario {scenario_id} kpis")
        summary = _plan_summary(content, kpi_doc)

        with self._translate(f"saving a plan of scenario {scenario_id}"), self._write() as session:
            if session.get(ScenarioRow, scenario_id) is None:
                raise StoreError(f"cannot save a plan: there is no scenario with id {scenario_id}")
            row = PlanRow(
                scenario_id=scenario_id,
                created_at=_now(),
                kpis=kpi_doc,
                content=content,
                **summary,
            )
            session.add(row)
            session.flush()
            if also is not None:
                also(session, row.id)
            record = _plan_record(row)
        log.debug("stored plan %d of scenario %d", record.id, scenario_id)
        return record

    # -- reads -------------------------------------------------------------------------------

    def scenarios(self, name: str | None = None) -> list[ScenarioRecord]:
        """Every stored scenario version (only those of ``name`` if given), oldest first."""
        query = select(ScenarioRow).order_by(ScenarioRow.id)
        if name is not None:
            query = query.where(ScenarioRow.name == name)
        with self._translate("listing scenarios"), self._read() as session:
            return [_scenario_record(row) for row in session.scalars(query)]

    def latest_scenario(self, name: str) -> ScenarioRecord | None:
        """The highest version of scenario ``name``, or ``None`` if no such name is stored."""
        query = (
            select(ScenarioRow)
            .where(ScenarioRow.name == name)
            .order_by(ScenarioRow.version.desc())
            .limit(1)
        )
        with self._translate(f"reading scenario {name!r}"), self._read() as session:
            row = session.scalars(query).first()
            return None if row is None else _scenario_record(row)

    def scenario(self, scenario_id: int) -> ScenarioRecord | None:
        """The scenario version with this id, or ``None``."""
        with self._translate(f"reading scenario {scenario_id}"), self._read() as session:
            row = session.get(ScenarioRow, scenario_id)
            return None if row is None else _scenario_record(row)

    def plans(self, scenario_id: int | None = None) -> list[PlanRecord]:
        """Every plan (only those of scenario version ``scenario_id`` if given), oldest first."""
        query = select(PlanRow).order_by(PlanRow.id)
        if scenario_id is not None:
            query = query.where(PlanRow.scenario_id == scenario_id)
        with self._translate("listing plans"), self._read() as session:
            return [_plan_record(row) for row in session.scalars(query)]

    def plan(self, plan_id: int) -> PlanRecord | None:
        """The plan with this id, or ``None``."""
        with self._translate(f"reading plan {plan_id}"), self._read() as session:
            row = session.get(PlanRow, plan_id)
            return None if row is None else _plan_record(row)

    # -- internals ---------------------------------------------------------------------------

    def session(self, *, write: bool = False) -> contextlib.AbstractContextManager[Session]:
        """A session for other tables on this database: a write one is one transaction
        (committed on success, rolled back on error; SQLite: ``BEGIN IMMEDIATE``)."""
        return self._write() if write else self._read()

    @property
    def dialect(self) -> str:
        """The database's dialect name: ``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A session in one write transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            session.connection(execution_options={_WRITE: True})
            yield session

    def _lock_name(self, session: Session, name: str) -> None:
        """PostgreSQL: hold a transaction-scoped advisory lock on the scenario name."""
        if self._engine.dialect.name == "postgresql":
            key = _lock_key(f"hubflow.scenarios:{name}")
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def _translate(self, action: str) -> contextlib.AbstractContextManager[None]:
        """Turn database errors into a StoreError that says what was being done, and where."""
        return _translate_errors(action, self.url)

    def _create_schema(self) -> None:
        """Create the schema of an empty database; refuse one at another revision.

        Concurrent first use of an empty database would otherwise race: SQLite answers
        "database is locked" to a reader upgrading to a writer, PostgreSQL a duplicate key in
        ``pg_type``. So the whole step is one write transaction (SQLite: ``BEGIN IMMEDIATE``,
        waiting up to the busy timeout; PostgreSQL: a transaction-scoped advisory lock).
        """
        with _schema_lock(self._engine) as conn:
            current = migrations.revision(conn)
            if current is None:
                migrations.upgrade(conn)
                return
            if current != migrations.HEAD:
                raise StoreError(_revision_problem(self.url, current))


def upgrade_schema(url: str | None = None) -> tuple[str | None, str]:
    """Bring the store at ``url`` to the newest schema revision (``hubflow db upgrade``);
    return the revisions before and after. A newer database than this hubflow is refused."""
    resolved = _resolve_url(url)
    shown = resolved.render_as_string(hide_password=True)
    engine = _create_engine(resolved, shown)
    try:
        with _translate_errors("upgrading the store", shown), _schema_lock(engine) as conn:
            before = migrations.revision(conn)
            if before is not None and not migrations.known(before):
                raise StoreError(_revision_problem(shown, before))
            migrations.upgrade(conn)
            return before, migrations.HEAD
    finally:
        engine.dispose()


def _revision_problem(shown: str, current: str) -> str:
    """What to tell the user about a database at ``current`` instead of the newest revision."""
    if migrations.known(current):
        return (
            f"the store at {shown} has schema revision {current}, older than this hubflow's "
            f"({migrations.HEAD}); upgrade it with: hubflow db upgrade --db {shown}"
        )
    return (
        f"the store at {shown} has schema revision {current}, newer than this hubflow "
        f"understands ({migrations.HEAD}); upgrade hubflow"
    )


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[Connection]:
    """One write transaction that holds the schema lock while the schema is read or changed."""
    with engine.connect().execution_options(**{_WRITE: True}) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            key = _lock_key("hubflow.schema")
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        yield conn


@contextmanager
def _translate_errors(action: str, where: str) -> Iterator[None]:
    """Database errors as a one-line StoreError: ``{action} failed ({where}): {reason}``."""
    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"{action} failed ({where}): {reason}") from exc


def _create_engine(url: URL, shown: str) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": _BUSY_SECONDS})
            _configure_sqlite(engine)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise StoreError(f"store URL {shown!r}: unknown database or driver ({exc})") from exc
    except ModuleNotFoundError as exc:
        hint = (
            " (pip install 'hubflow[postgres]')" if url.get_backend_name() == "postgresql" else ""
        )
        raise StoreError(
            f"store URL {shown!r} needs the Python module {exc.name!r}, not installed{hint}"
        ) from exc
    except ArgumentError as exc:
        raise StoreError(f"store URL {shown!r} is not usable: {exc}") from exc


def _configure_sqlite(engine: Engine) -> None:
    """Enforce foreign keys, write-ahead logging, and take the write lock at BEGIN so
    concurrent writers queue.

    WAL lets readers go on while a writer writes (the server reads in many threads while plan
    workers write progress); without it a long read could hold off a commit, and new readers
    queue behind the waiting writer until the busy timeout.

    The sqlite3 module is put in autocommit mode and transactions are begun here instead: a
    plain BEGIN for reads, BEGIN IMMEDIATE for writes (a deferred write transaction that read
    first can fail with "database is locked" instead of waiting for the other writer).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            _while_busy(lambda: cursor.execute("PRAGMA foreign_keys = ON"))
            _while_busy(lambda: cursor.execute("PRAGMA journal_mode = WAL"))
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _while_busy(step: Callable[[], object], seconds: float = _BUSY_SECONDS) -> None:
    """Run ``step``, again while SQLite answers "database is locked", for up to ``seconds``.

    SQLite returns that without waiting on the busy timeout in one window of WAL mode: while
    the last connection to close clears the WAL files, or the first one to open recovers them
    (https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode). A new
    connection's first statements fall in it when processes open a store at the same moment.
    """
    end = time.monotonic() + seconds
    pause = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > end:
                raise
        time.sleep(random.uniform(pause / 2, pause))
        pause = min(2 * pause, 0.25)


def _lock_key(label: str) -> int:
    """A PostgreSQL advisory lock key (signed 64-bit) derived from ``label``."""
    return int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "big", signed=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC); PostgreSQL returns aware ones."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _plan_summary(plan: dict[str, Any], kpis: dict[str, Any]) -> dict[str, Any]:
    def pick(key: str, *sources: dict[str, Any]) -> Any:
        return next((s[key] for s in sources if s.get(key) is not None), None)

    def text(key: str, limit: int, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or len(value) > limit:
            raise StoreError(
                f"plan {key} must be a string of at most {limit} characters, got {value!r}"
            )
        return value

    def number(key: str, value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, Real):
            raise StoreError(f"plan {key} must be a number, got {value!r}")
        return float(value)

    return {
        "solver": text("solver", SOLVER_MAX, pick("solver", plan, kpis)),
        "status": text("status", STATUS_MAX, pick("status", plan, kpis)),
        "objective": number("objective", pick("objective", plan, kpis)),
        "lower_bound": number("lower_bound", pick("lower_bound", plan, kpis)),
        "gap_pct": number("gap_pct", pick("gap_pct", kpis)),
        "total_cost": number("total_cost", pick("total_cost", kpis)),
        "co2e_t": number("co2e_t", pick("co2e_t", kpis)),
        "on_time_pct": number("on_time_pct", pick("on_time_pct", kpis)),
    }


def _scenario_record(row: ScenarioRow) -> ScenarioRecord:
    return ScenarioRecord(
        id=row.id,
        name=row.name,
        version=row.version,
        created_at=_utc(row.created_at),
        sha256=row.sha256,
        content=row.content,
    )


def _plan_record(row: PlanRow) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        scenario_id=row.scenario_id,
        created_at=_utc(row.created_at),
        solver=row.solver,
        status=row.status,
        objective=row.objective,
        lower_bound=row.lower_bound,
        gap_pct=row.gap_pct,
        total_cost=row.total_cost,
        co2e_t=row.co2e_t,
        on_time_pct=row.on_time_pct,
        kpis=row.kpis,
        content=row.content,
    )
