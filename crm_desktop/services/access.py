"""Roles and access rights, enforced where the data is read and written.

One policy table (`RIGHTS`: role × action × entity) and one visibility rule:

- an administrator sees and may do everything (users, settings, every record);
- everybody else sees their own records and colleagues' records that are not
  key clients ("shared"). A record *is* a key client (organization or person
  with `is_key_client`) or *belongs to* one (a person of a key organization; a
  deal or activity whose organization, person — or, for an activity, deal —
  is a key client). Such a record is hidden unless the user owns it or owns the
  key client itself. Key-ness is worked out by a join at read time (no copied
  flag to keep in step), so marking a client key hides its deals at once.
  A deal or activity the user owns stays visible with its client's *name* (on the
  board, in its dialog and in exports alike: the user works that client);
  the client's own card, people and contacts stay hidden.
- manager: creates; edits and deletes own records and records without an owner;
  exports if `may_export`; imports.
- assistant: creates and edits organizations, persons and activities it can see
  (any owner: it works for the managers), never deletes, no deals, no export or import.
- read_only: views only.

Enforcement is central: `install(session, user)` (called by the unit of work)
adds a `with_loader_criteria` filter to every ORM select (also lazy loads and
`session.get`: a hidden record "does not exist") and checks every flush against
the policy. Core statements (`table_of(...)`, raw SQL) must filter themselves
with `visible(user, table)` / `restrict(stmt, user, table)` — the user of a unit
of work is `session_user(uow.session)`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, with_loader_criteria

from crm_desktop.domain.kinds import EntityKind, Role
from crm_desktop.errors import AccessDeniedError, AuthenticationError
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    ChangeSet,
    ChangeSetItem,
    Competitor,
    CurrencyRate,
    CustomFieldDef,
    CustomFieldValue,
    Deal,
    DealStageChange,
    Email,
    ImportProfile,
    KeyDate,
    LossReason,
    Note,
    Organization,
    Person,
    Phone,
    Pipeline,
    ReportTemplate,
    SavedSegment,
    SearchDoc,
    Setting,
    Stage,
    Tag,
    User,
    table_of,
)

SIGN_IN_MESSAGE = "Sign in first: this base is in team mode (give --user LOGIN in the CLI)."
BAD_LOGIN_MESSAGE = "Wrong login or password, or the user is blocked."

_INFO_KEY: Final = "crm_access_user"
# the user of the innermost unit of work open in this thread (for Core queries that
# only hold a Connection); None outside a unit or in an unguarded one
_CURRENT: ContextVar[CurrentUser | None] = ContextVar("crm_access_user", default=None)


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"
    MANAGE = "manage"  # users, settings, pipelines, custom fields


@dataclass(frozen=True, slots=True)
class CurrentUser:
    """The signed-in user (or solo mode's implicit administrator)."""

    id: int
    login: str
    display_name: str
    role: Role
    may_export: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @classmethod
    def of(cls, user: User) -> CurrentUser:
        return cls(
            id=user.id,
            login=user.login,
            display_name=user.display_name,
            role=Role(user.role),
            may_export=bool(getattr(user, "may_export", True)),
        )


_O, _P, _D, _A = EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.DEAL, EntityKind.ACTIVITY
_RECORDS = frozenset({_O, _P, _D, _A})
_CONTACTS_AND_TASKS = frozenset({_O, _P, _A})

# role -> action -> entity kinds allowed (at the role level; record rules come on top)
RIGHTS: Final[dict[Role, dict[Action, frozenset[EntityKind]]]] = {
    Role.ADMIN: {a: _RECORDS for a in Action},
    Role.MANAGER: {
        Action.VIEW: _RECORDS,
        Action.CREATE: _RECORDS,
        Action.EDIT: _RECORDS,  # own records and records without an owner
        Action.DELETE: _RECORDS,  # likewise
        Action.EXPORT: _RECORDS,  # only with may_export
        Action.IMPORT: _RECORDS,
    },
    Role.ASSISTANT: {
        Action.VIEW: _RECORDS,
        Action.CREATE: _CONTACTS_AND_TASKS,
        Action.EDIT: _CONTACTS_AND_TASKS,
    },
    Role.READ_ONLY: {Action.VIEW: _RECORDS},
}

_NOUN = {_O: "organizations", _P: "persons", _D: "deals", _A: "activities"}
_ROLE_NAME = {
    Role.ADMIN: "an administrator",
    Role.MANAGER: "a manager",
    Role.ASSISTANT: "an assistant",
    Role.READ_ONLY: "a read-only user",
}


def allowed(
    user: CurrentUser | None,
    action: Action,
    kind: EntityKind = EntityKind.ORGANIZATION,
    *,
    owner_id: int | None = None,
    check_owner: bool = False,
) -> bool:
    """May `user` do `action` on `kind` (and, with `check_owner`, on a record owned
    by `owner_id`)? `None` is "no access control" (internal work, solo base without users)."""
    if user is None or user.is_admin:
        return True
    if action == Action.MANAGE:
        return False
    kinds = RIGHTS[user.role].get(action, frozenset())
    if kind not in kinds:
        return False
    if action == Action.EXPORT and not user.may_export:
        return False
    if check_owner and user.role == Role.MANAGER and action in (Action.EDIT, Action.DELETE):
        return owner_id is None or owner_id == user.id
    return True


def require(
    user: CurrentUser | None,
    action: Action,
    kind: EntityKind = EntityKind.ORGANIZATION,
    *,
    owner_id: int | None = None,
    check_owner: bool = False,
) -> None:
    """`allowed` or `AccessDeniedError` with a one-line reason."""
    if allowed(user, action, kind, owner_id=owner_id, check_owner=check_owner):
        return
    assert user is not None
    raise AccessDeniedError(denial(user, action, kind, owner_id=owner_id, check_owner=check_owner))


def denial(
    user: CurrentUser,
    action: Action,
    kind: EntityKind,
    *,
    owner_id: int | None = None,
    check_owner: bool = False,
) -> str:
    role = _ROLE_NAME[user.role]
    if action == Action.MANAGE:
        return "Only an administrator may change users and settings."
    if action == Action.EXPORT and user.role == Role.MANAGER and not user.may_export:
        return f"{user.display_name} may not export data (ask an administrator)."
    if action in (Action.EXPORT, Action.IMPORT):
        return f"As {role} you may not {action.value} data."
    if kind in RIGHTS[user.role].get(action, frozenset()) and check_owner:
        return (
            f"You may {action.value} only your own {_NOUN.get(kind, 'records')}; "
            "this one belongs to a colleague."
        )
    return f"As {role} you may not {action.value} {_NOUN.get(kind, 'records')}."


# ------------------------------------------------------------------ visibility

_orgs = table_of(Organization)
_persons = table_of(Person)
_deals = table_of(Deal)
_activities = table_of(Activity)
_KIND_OF_TABLE = {
    "organizations": _O,
    "persons": _P,
    "deals": _D,
    "activities": _A,
}

T = TypeVar("T", bound=Any)


def _not_mine(col: Any, uid: int) -> sa.ColumnElement[bool]:
    return sa.or_(col.is_(None), col != uid)


def _foreign_key_org(org_id: Any, uid: int) -> sa.ColumnElement[bool]:
    """The organization `org_id` is a key client owned by someone else."""
    o = _orgs.alias()
    return sa.exists(
        sa.select(sa.literal(1))
        .select_from(o)
        .where(o.c.id == org_id, o.c.is_key_client.is_(True), _not_mine(o.c.owner_id, uid))
    )


def _foreign_key_person(person_id: Any, uid: int) -> sa.ColumnElement[bool]:
    """The person `person_id` is a key client (itself or by its organization), not mine."""
    p = _persons.alias()
    return sa.exists(
        sa.select(sa.literal(1))
        .select_from(p)
        .where(
            p.c.id == person_id,
            _not_mine(p.c.owner_id, uid),
            sa.or_(p.c.is_key_client.is_(True), _foreign_key_org(p.c.organization_id, uid)),
        )
    )


def _foreign_key_deal(deal_id: Any, uid: int) -> sa.ColumnElement[bool]:
    d = _deals.alias()
    return sa.exists(
        sa.select(sa.literal(1))
        .select_from(d)
        .where(
            d.c.id == deal_id,
            sa.or_(
                _foreign_key_org(d.c.organization_id, uid),
                _foreign_key_person(d.c.person_id, uid),
            ),
        )
    )


@lru_cache(maxsize=1024)
def _hidden_key(kind: EntityKind, source: Any, uid: int) -> sa.ColumnElement[bool]:
    """True for a row of `source` (a mapped class, a table or an alias) that is or
    belongs to someone else's key client. Cached: the aliases are costly to build."""
    cols: Any = source if isinstance(source, type) else source.c
    if kind == _O:
        return sa.and_(cols.is_key_client.is_(True), _not_mine(cols.owner_id, uid))
    if kind == _P:
        return sa.and_(
            _not_mine(cols.owner_id, uid),
            sa.or_(cols.is_key_client.is_(True), _foreign_key_org(cols.organization_id, uid)),
        )
    if kind == _D:
        return sa.and_(
            _not_mine(cols.owner_id, uid),
            sa.or_(
                _foreign_key_org(cols.organization_id, uid),
                _foreign_key_person(cols.person_id, uid),
            ),
        )
    return sa.and_(
        _not_mine(cols.owner_id, uid),
        sa.or_(
            _foreign_key_org(cols.organization_id, uid),
            _foreign_key_person(cols.person_id, uid),
            _foreign_key_deal(cols.deal_id, uid),
        ),
    )


def restricted(user: CurrentUser | None) -> bool:
    """Does `user` see less than everything?"""
    return user is not None and not user.is_admin


def visible(user: CurrentUser | None, table: Any) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping the rows of `table` `user` may see.

    `table`: the Core table (or an alias of it) or the mapped class of organizations,
    persons, deals or activities; `sa.true()` for an administrator.
    """
    if not restricted(user):
        return sa.true()
    assert user is not None
    return sa.not_(_hidden_key(_kind_of(table), table, user.id))


def restrict(stmt: T, user: CurrentUser | None, *tables: Any) -> T:
    """`stmt.where(visible(user, t) for t in tables)`; unchanged for an administrator."""
    if not restricted(user):
        return stmt
    for table in tables:
        stmt = stmt.where(visible(user, table))
    return stmt


def visible_entity(user: CurrentUser | None, kind_col: Any, id_col: Any) -> sa.ColumnElement[bool]:
    """For a table that points at records by (entity_kind, entity_id), e.g. search_docs
    or audit_log: the rows whose record `user` may see."""
    if not restricted(user):
        return sa.true()
    assert user is not None
    return _visible_entity(kind_col, id_col, user.id)


@lru_cache(maxsize=64)
def _visible_entity(kind_col: Any, id_col: Any, uid: int) -> sa.ColumnElement[bool]:
    parts = []
    for kind, table in ((_O, _orgs), (_P, _persons), (_D, _deals), (_A, _activities)):
        t = table.alias()
        hidden = sa.exists(
            sa.select(sa.literal(1))
            .select_from(t)
            .where(t.c.id == id_col, _hidden_key(kind, t, uid))
        )
        parts.append(sa.and_(kind_col == kind.value, hidden))
    return sa.not_(sa.or_(*parts))


def _kind_of(table: Any) -> EntityKind:
    if isinstance(table, type):
        return _KIND_OF_TABLE[table_of(table).name]
    base = getattr(table, "element", table)  # an alias
    name = getattr(base, "name", None)
    if name not in _KIND_OF_TABLE:
        raise ValueError(f"no visibility rule for {table!r}")
    return _KIND_OF_TABLE[name]


def is_visible(session: Session, kind: EntityKind, entity_id: int) -> bool:
    """Can the session's user see this record (for code that reads with Core)?"""
    user = session_user(session)
    if not restricted(user):
        return True
    table = {_O: _orgs, _P: _persons, _D: _deals, _A: _activities}[kind]
    stmt = sa.select(table.c.id).where(table.c.id == entity_id, visible(user, table))
    return session.execute(stmt).first() is not None


def visible_ids(conn: Session | sa.Connection, kind: EntityKind, ids: Any) -> set[int]:
    """Those of `ids` (records of `kind`) the current user may see."""
    wanted = {int(i) for i in ids}
    user = _CURRENT.get()
    if not restricted(user) or not wanted or kind not in _RECORDS:
        return wanted
    table = {_O: _orgs, _P: _persons, _D: _deals, _A: _activities}[kind]
    seen: set[int] = set()
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        batch = ordered[start : start + 500]
        stmt = sa.select(table.c.id).where(table.c.id.in_(batch), visible(user, table))
        seen.update(int(i) for i in conn.execute(stmt).scalars())
    return seen


def editable_ids(conn: Session | sa.Connection, kind: EntityKind, ids: Any) -> set[int]:
    """Those of `ids` the current user may see and edit (a manager: own or unowned)."""
    user = _CURRENT.get()
    seen = visible_ids(conn, kind, ids)
    if not restricted(user) or not seen:
        return seen
    assert user is not None
    if not allowed(user, Action.EDIT, kind):
        return set()
    if user.role != Role.MANAGER:
        return seen
    table = {_O: _orgs, _P: _persons, _D: _deals, _A: _activities}[kind]
    ordered = sorted(seen)
    mine: set[int] = set()
    for start in range(0, len(ordered), 500):
        stmt = sa.select(table.c.id).where(
            table.c.id.in_(ordered[start : start + 500]),
            sa.or_(table.c.owner_id.is_(None), table.c.owner_id == user.id),
        )
        mine.update(int(i) for i in conn.execute(stmt).scalars())
    return mine


# ------------------------------------------------------------ session hooks


def session_user(session: Session) -> CurrentUser | None:
    """The user a unit of work's session acts for (None: no access control)."""
    user = session.info.get(_INFO_KEY)
    return user if isinstance(user, CurrentUser) else None


def current_user() -> CurrentUser | None:
    """The user of the unit of work open in this thread (None: no access control)."""
    return _CURRENT.get()


def visible_here(table: Any) -> sa.ColumnElement[bool]:
    """`visible(current_user(), table)`: for Core queries deep in a unit of work."""
    return visible(_CURRENT.get(), table)


def where_here(*tables: Any) -> list[sa.ColumnElement[bool]]:
    """The visibility clauses of `tables` for the current user; [] when unrestricted
    (a solo base's queries stay exactly as they were)."""
    user = _CURRENT.get()
    return [visible(user, t) for t in tables] if restricted(user) else []


def restrict_here(stmt: T, *tables: Any) -> T:
    """`restrict(stmt, current_user(), *tables)`."""
    return restrict(stmt, _CURRENT.get(), *tables)


def install(session: Session, user: CurrentUser | None) -> Callable[[], None]:
    """Bind `user` to `session` (and to this thread until the returned callable is
    called, by the unit of work's exit): filter ORM reads, check flushes."""
    session.info[_INFO_KEY] = user
    token = _CURRENT.set(user)
    if restricted(user):
        event.listen(session, "do_orm_execute", _filter_reads)
        event.listen(session, "before_flush", _check_writes)

    def release() -> None:
        try:
            _CURRENT.reset(token)
        except ValueError:  # left in another thread or out of order
            _CURRENT.set(None)

    return release


def _filter_reads(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete) or state.is_column_load:
        return
    user = session_user(state.session)
    if not restricted(user):
        return
    assert user is not None
    state.statement = state.statement.options(
        *(
            with_loader_criteria(
                model, sa.not_(_hidden_key(kind, cast(Any, model), user.id)), include_aliases=False
            )
            for model, kind in _MODEL_KIND.items()
        )
    )


_FREE = (
    AuditEntry,
    ChangeSet,
    ChangeSetItem,
    SavedSegment,
    ReportTemplate,
    ImportProfile,
    SearchDoc,
)
_INLINE_REFERENCES = (Tag, Competitor, LossReason)
_ADMIN_ONLY = (User, Setting, Pipeline, Stage, CustomFieldDef, CurrencyRate)
_MODEL_KIND: dict[type[Any], EntityKind] = {
    Organization: _O,
    Person: _P,
    Deal: _D,
    Activity: _A,
}


def _parent(session: Session, obj: Any) -> tuple[EntityKind, Any] | None:
    """The organization, person or deal a phone, email, note … belongs to."""
    if isinstance(obj, DealStageChange):
        return _D, obj.deal_id and session.get(Deal, obj.deal_id)
    for attr, model, kind in (
        ("organization_id", Organization, _O),
        ("person_id", Person, _P),
        ("deal_id", Deal, _D),
    ):
        rel = attr.removesuffix("_id")
        value = getattr(obj, rel, None) if hasattr(type(obj), rel) else None
        if value is not None:
            return kind, value
        ref = getattr(obj, attr, None)
        if ref is not None:
            return kind, session.get(model, ref)
    return None


def _old_owner(obj: Any) -> int | None:
    hist = sa.inspect(obj).attrs.owner_id.history
    if hist.deleted:
        value = hist.deleted[0]
    elif hist.unchanged:
        value = hist.unchanged[0]
    else:
        value = obj.owner_id
    return value if isinstance(value, int) else None


def _check_record(user: CurrentUser, session: Session, obj: Any, action: Action) -> None:
    kind = _MODEL_KIND[type(obj)]
    if action == Action.EDIT:
        hist = sa.inspect(obj).attrs.deleted_at.history
        if hist.has_changes():
            action = Action.DELETE  # to the trash or back: a delete right
    owner = None if action == Action.CREATE else _old_owner(obj)
    require(user, action, kind, owner_id=owner, check_owner=action != Action.CREATE)


def _check_writes(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    user = session_user(session)
    if not restricted(user):
        return
    assert user is not None
    with session.no_autoflush:
        for objs, action in (
            (session.new, Action.CREATE),
            (session.dirty, Action.EDIT),
            (session.deleted, Action.DELETE),
        ):
            for obj in list(objs):
                if action == Action.EDIT and not session.is_modified(obj):
                    continue
                _check_one(user, session, obj, action)


def _check_one(user: CurrentUser, session: Session, obj: Any, action: Action) -> None:
    if isinstance(obj, _FREE):
        return
    if type(obj) in _MODEL_KIND:
        _check_record(user, session, obj, action)
        return
    if isinstance(obj, _ADMIN_ONLY):
        require(user, Action.MANAGE)
        return
    if isinstance(obj, _INLINE_REFERENCES):
        # a new tag or competitor named while editing a card
        if not any(RIGHTS[user.role].get(a) for a in (Action.CREATE, Action.EDIT)):
            require(user, Action.EDIT, _O)
        return
    if isinstance(obj, Phone | Email | KeyDate | CustomFieldValue | Note | DealStageChange):
        parent = _parent(session, obj)
        if parent is None:
            return
        kind, record = parent
        if record is None:
            raise AccessDeniedError("You may not change a record you cannot see.")
        if record in session.new:
            require(user, Action.CREATE, kind)
        else:
            require(user, Action.EDIT, kind, owner_id=_old_owner(record), check_owner=True)
        return
    require(user, Action.MANAGE)


def require_signed_in(user: CurrentUser | None, team_mode: bool) -> None:
    if team_mode and user is None:
        raise AuthenticationError(SIGN_IN_MESSAGE)
