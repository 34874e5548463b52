"""Team mode access rights on every engine: who sees and may do what, through the services.

The base: managers Anna and Boris, assistant Vera, read-only Rita, manager Max
(no export right), the administrator "owner". Boris has a shared client
("Shared B") and a key client ("Key B") with a person, a deal and an activity
each; Key B's city is "Keyville" and its deal's amount 777 777 — values that must
never reach a restricted user in any list, search, report or export.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import EntityKind, Role, StageKind
from crm_desktop.errors import AccessDeniedError, AuthenticationError, NotFoundError, UserError
from crm_desktop.services import (
    access,
    activities,
    contact_list,
    contacts,
    deals,
    duplicates,
    exporting,
    reports,
    search,
    timeline,
)
from crm_desktop.services.access import Action, CurrentUser
from crm_desktop.services.activities import ActivityInput
from crm_desktop.services.contact_list import ContactFilter, SortKey
from crm_desktop.services.deals import DealInput, PipelineEdit, StageEdit
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.passwords import hash_password
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    Deal,
    Organization,
    Person,
    Pipeline,
    Setting,
    User,
)
from crm_desktop.storage.uow import UnitOfWork

PASSWORD = "correct horse 42"
O, P, D, A = EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.DEAL, EntityKind.ACTIVITY  # noqa: E741
MODELS: dict[EntityKind, Any] = {O: Organization, P: Person, D: Deal, A: Activity}


@dataclass
class Team:
    ws: Workspace
    users: dict[str, int]
    pipeline_id: int
    stage_id: int
    shared_org: int
    shared_person: int
    shared_deal: int
    shared_activity: int
    key_org: int
    key_person: int  # a person of the key organization (not flagged itself)
    key_deal: int
    key_activity: int
    key_private: int  # a private person flagged as a key client
    own: dict[str, dict[EntityKind, int]]  # login -> kind -> a record that user owns

    def sign_in(self, login: str) -> CurrentUser:
        return self.ws.sign_in(login, PASSWORD)

    def version(self, kind: EntityKind, entity_id: int) -> int:
        with UnitOfWork(self.ws.db, write=False) as uow:
            row = uow.session.get(MODELS[kind], entity_id)
            assert row is not None
            return int(row.version)


def _users(ws: Workspace) -> dict[str, int]:
    hashed = hash_password(PASSWORD)
    with UnitOfWork(ws.db, write=True) as uow:
        admin = uow.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).one()
        admin.password_hash = hashed
        for login, role, may_export in (
            ("anna", Role.MANAGER, True),
            ("boris", Role.MANAGER, True),
            ("vera", Role.ASSISTANT, True),
            ("rita", Role.READ_ONLY, True),
            ("max", Role.MANAGER, False),
            ("gone", Role.MANAGER, True),
        ):
            uow.session.add(
                User(
                    login=login,
                    display_name=login.title(),
                    role=role,
                    password_hash=hashed,
                    may_export=may_export,
                    is_active=login != "gone",
                )
            )
        uow.commit()
        return {u.login: u.id for u in uow.session.scalars(sa.select(User))}


def _org(ws: Workspace, name: str, owner: int, *, key: bool = False, city: str = "") -> int:
    data = OrganizationInput(name=name, owner_id=owner, is_key_client=key, city=city or None)
    return contacts.create_organization(ws, data).id


def _person(ws: Workspace, name: str, owner: int, org: int | None, *, key: bool = False) -> int:
    data = PersonInput(full_name=name, organization_id=org, owner_id=owner, is_key_client=key)
    return contacts.create_person(ws, data).id


def _deal(team_ws: Workspace, title: str, owner: int, org: int, amount: int, p: int, s: int) -> int:
    data = DealInput(
        title=title,
        pipeline_id=p,
        stage_id=s,
        organization_id=org,
        amount_minor=amount,
        owner_id=owner,
    )
    return deals.create_deal(team_ws, data).id


def _activity(ws: Workspace, subject: str, owner: int, org: int | None) -> int:
    data = ActivityInput(subject=subject, organization_id=org, owner_id=owner)
    return activities.create_activity(ws, data).id


@pytest.fixture
def team(ws: Workspace) -> Team:
    """The base above, switched to team mode and signed out."""
    users = _users(ws)
    pipeline = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Sales",
            [
                StageEdit(None, "Lead", StageKind.OPEN, 10),
                StageEdit(None, "Won", StageKind.WON, 100),
                StageEdit(None, "Lost", StageKind.LOST, 0),
            ],
        ),
    )
    stage = pipeline.stages[0]
    p, s = pipeline.id, stage.id
    boris = users["boris"]
    shared_org = _org(ws, "Shared B", boris, city="Sharedtown")
    key_org = _org(ws, "Key B", boris, key=True, city="Keyville")
    own: dict[str, dict[EntityKind, int]] = {}
    for login in ("anna", "vera", "rita", "owner"):
        uid = users[login]
        org = _org(ws, f"Own {login}", uid)
        own[login] = {
            O: org,
            P: _person(ws, f"Person {login}", uid, org),
            D: _deal(ws, f"Deal {login}", uid, org, 100, p, s),
            A: _activity(ws, f"Task {login}", uid, org),
        }
    t = Team(
        ws=ws,
        users=users,
        pipeline_id=p,
        stage_id=s,
        shared_org=shared_org,
        shared_person=_person(ws, "Petrshared", boris, shared_org),
        shared_deal=_deal(ws, "Shared deal", boris, shared_org, 5_000_000, p, s),
        shared_activity=_activity(ws, "Call Shared B", boris, shared_org),
        key_org=key_org,
        key_person=_person(ws, "Keyperson", boris, key_org),
        key_deal=_deal(ws, "Key deal", boris, key_org, 77_777_700, p, s),
        key_activity=_activity(ws, "Call Key B", boris, key_org),
        key_private=_person(ws, "Keyprivate", boris, None, key=True),
        own=own,
    )
    with UnitOfWork(ws.db, write=True) as uow:
        uow.session.add(Setting(key="team_mode", value="1"))
        uow.commit()
    ws.refresh_identity()
    ws.sign_out()
    return t


# ------------------------------------------------------------------ sign-in


def test_solo_mode_is_the_implicit_administrator(ws: Workspace) -> None:
    assert not ws.team_mode
    assert ws.user is not None and ws.user.role is Role.ADMIN and ws.user.login == "owner"
    assert ws.user_id == ws.user.id
    assert not access.restricted(ws.user)
    contacts.create_organization(ws, OrganizationInput(name="Solo"))  # no sign-in needed


def test_team_mode_needs_a_sign_in(team: Team) -> None:
    ws = team.ws
    assert ws.team_mode and ws.user is None and ws.user_id is None
    with pytest.raises(AuthenticationError, match="Sign in"):
        contacts.get_organization(ws, team.shared_org)
    with pytest.raises(AuthenticationError, match="Sign in"):
        contacts.create_organization(ws, OrganizationInput(name="Nobody's"))


@pytest.mark.parametrize(
    ("login", "password"),
    [("anna", "wrong password"), ("nobody", PASSWORD), ("gone", PASSWORD), ("", "")],
)
def test_sign_in_failures_say_the_same(team: Team, login: str, password: str) -> None:
    with pytest.raises(AuthenticationError) as caught:
        team.ws.sign_in(login, password)
    assert caught.value.message == "Wrong login or password, or the user is blocked."
    assert team.ws.user is None


def test_sign_in_records_the_time_and_acts_as_the_user(team: Team) -> None:
    user = team.ws.sign_in("  ANNA ", PASSWORD)  # case and spaces of a typed login
    assert user.login == "anna" and user.role is Role.MANAGER and user.may_export
    assert team.ws.user_id == team.users["anna"]
    with UnitOfWork(team.ws.db, write=False) as uow:
        assert uow.session.get(User, team.users["anna"]).last_login_at is not None  # type: ignore[union-attr]
    org = contacts.create_organization(team.ws, OrganizationInput(name="Anna's new"))
    assert org.owner_id == team.users["anna"]
    team.ws.sign_out()
    with pytest.raises(AuthenticationError):
        contacts.get_organization(team.ws, org.id)


def test_open_with_credentials(team: Team, db_url: str, tmp_path: Path) -> None:
    from crm_desktop.config import AppPaths

    team.ws.close()
    paths = AppPaths.resolve(tmp_path / "data")
    with Workspace.open(db_url, paths=paths, login="rita", password=PASSWORD) as ws:
        assert ws.team_mode and ws.user is not None and ws.user.role is Role.READ_ONLY
        assert contacts.get_organization(ws, team.shared_org).name == "Shared B"
    with pytest.raises(AuthenticationError):
        Workspace.open(db_url, paths=paths, login="rita", password="nope")
    with Workspace.open(db_url, paths=paths) as ws:
        assert ws.user is None
        with pytest.raises(AuthenticationError):
            search.search(ws, "Shared")


def test_refresh_sees_a_blocked_user(team: Team) -> None:
    team.sign_in("anna")
    with UnitOfWork(team.ws.db, write=True) as uow:
        uow.session.get(User, team.users["anna"]).is_active = False  # type: ignore[union-attr]
        uow.commit()
    team.ws.refresh_identity()
    assert team.ws.user is None


# ------------------------------------------------------- the rights matrix

ROLES = {"admin": "owner", "manager": "anna", "assistant": "vera", "read_only": "rita"}
KINDS = (O, P, D, A)
ACTIONS = ("create", "edit_own", "edit_colleague", "delete_own", "delete_colleague")


def _expected(role: str, kind: EntityKind, action: str) -> bool:
    if role == "admin":
        return True
    if role == "manager":
        return action in ("create", "edit_own", "delete_own")
    if role == "assistant":
        return kind is not D and action in ("create", "edit_own", "edit_colleague")
    return False


def _create(t: Team, kind: EntityKind) -> None:
    ws, org = t.ws, t.shared_org
    if kind is O:
        contacts.create_organization(ws, OrganizationInput(name="New org"))
    elif kind is P:
        contacts.create_person(ws, PersonInput(full_name="New Person"))
    elif kind is D:
        data = DealInput(
            title="New deal",
            pipeline_id=t.pipeline_id,
            stage_id=t.stage_id,
            organization_id=t.own["anna"][O],
        )
        deals.create_deal(ws, data)
    else:
        activities.create_activity(ws, ActivityInput(subject="New task", organization_id=org))


def _edit(t: Team, kind: EntityKind, entity_id: int) -> None:
    ws, version = t.ws, t.version(kind, entity_id)
    if kind is O:
        card = contacts.get_organization(ws, entity_id)
        data = OrganizationInput(name=card.name + " edited", owner_id=card.owner_id)
        contacts.update_organization(ws, entity_id, data, expected_version=version)
    elif kind is P:
        pcard = contacts.get_person(ws, entity_id)
        pdata = PersonInput(
            full_name=pcard.full_name + " Edited",
            organization_id=pcard.organization_id,
            owner_id=pcard.owner_id,
        )
        contacts.update_person(ws, entity_id, pdata, expected_version=version)
    elif kind is D:
        with UnitOfWork(ws.db, write=False) as uow:
            d = uow.session.get(Deal, entity_id)
            assert d is not None
            ddata = DealInput(
                title=d.title + " edited",
                pipeline_id=d.pipeline_id,
                stage_id=d.stage_id,
                organization_id=d.organization_id,
                amount_minor=d.amount_minor,
                owner_id=d.owner_id,
            )
        deals.update_deal(ws, entity_id, ddata, expected_version=version)
    else:
        with UnitOfWork(ws.db, write=False) as uow:
            a = uow.session.get(Activity, entity_id)
            assert a is not None
            adata = ActivityInput(
                subject=a.subject + " edited",
                organization_id=a.organization_id,
                owner_id=a.owner_id,
            )
        activities.update_activity(ws, entity_id, adata, expected_version=version)


def _delete(t: Team, kind: EntityKind, entity_id: int) -> None:
    contacts.move_to_trash(t.ws, kind, entity_id)


def _colleague_record(t: Team, kind: EntityKind) -> int:
    return {O: t.shared_org, P: t.shared_person, D: t.shared_deal, A: t.shared_activity}[kind]


def _attempt(team: Team, kind: EntityKind, action: str, target: int) -> None:
    if action == "create":
        _create(team, kind)
    elif action.startswith("edit"):
        _edit(team, kind, target)
    else:
        _delete(team, kind, target)


@pytest.mark.parametrize("role", list(ROLES))
def test_rights_matrix(team: Team, role: str) -> None:
    """role × entity × action, each allowed or denied as the policy says; a denied
    action writes nothing. Deletes run last, deals and tasks before their clients."""
    login = ROLES[role]
    team.sign_in(login)
    plan = [(k, a) for a in ACTIONS[:3] for k in KINDS]
    plan += [(k, a) for a in ACTIONS[3:] for k in reversed(KINDS)]
    outcome: dict[tuple[str, str], bool] = {}
    for kind, action in plan:
        own = action.endswith("_own")
        target = team.own[login][kind] if own else _colleague_record(team, kind)
        before = team.version(kind, target)
        try:
            _attempt(team, kind, action, target)
        except AccessDeniedError:
            outcome[kind.value, action] = False
            assert team.version(kind, target) == before  # nothing written
        else:
            outcome[kind.value, action] = True
            if action.startswith("delete"):
                with UnitOfWork(team.ws.db, write=False) as uow:
                    row = uow.session.get(MODELS[kind], target)
                    assert row is not None and row.deleted_at is not None
    expected = {(k.value, a): _expected(role, k, a) for k, a in plan}
    assert outcome == expected


def test_policy_table_answers_without_a_base() -> None:
    manager = CurrentUser(1, "m", "M", Role.MANAGER, may_export=True)
    no_export = CurrentUser(2, "x", "X", Role.MANAGER, may_export=False)
    assistant = CurrentUser(3, "a", "A", Role.ASSISTANT)
    assert access.allowed(manager, Action.EDIT, D, owner_id=1, check_owner=True)
    assert access.allowed(manager, Action.EDIT, D, owner_id=None, check_owner=True)
    assert not access.allowed(manager, Action.EDIT, D, owner_id=7, check_owner=True)
    assert access.allowed(manager, Action.EXPORT, P) and access.allowed(manager, Action.IMPORT, P)
    assert not access.allowed(no_export, Action.EXPORT, P)
    assert not access.allowed(assistant, Action.CREATE, D)
    assert access.allowed(assistant, Action.EDIT, P, owner_id=7, check_owner=True)
    assert not access.allowed(assistant, Action.IMPORT, P)
    assert not access.allowed(manager, Action.MANAGE)
    assert access.allowed(None, Action.MANAGE)  # internal work


def test_settings_and_pipelines_are_for_administrators(team: Team) -> None:
    team.sign_in("anna")
    with pytest.raises(AccessDeniedError, match="administrator"), team.ws.write() as uow:
        uow.references.set_setting("team_mode", "0")
        uow.commit()
    with pytest.raises(AccessDeniedError), team.ws.write() as uow:
        uow.session.add(Pipeline(name="Mine"))
        uow.commit()
    with pytest.raises(AccessDeniedError), team.ws.write() as uow:
        user = uow.session.get(User, team.users["anna"])
        assert user is not None
        user.role = Role.ADMIN
        uow.commit()


# ------------------------------------------------------ key clients hidden

RESTRICTED = ["anna", "vera", "rita"]


def _assert_key_hidden(t: Team) -> None:
    ws = t.ws
    for getter, entity_id in (
        (contacts.get_organization, t.key_org),
        (contacts.get_person, t.key_person),
        (contacts.get_person, t.key_private),
        (deals.get_deal, t.key_deal),
    ):
        with pytest.raises(NotFoundError):
            getter(ws, entity_id)
    with pytest.raises(NotFoundError):
        activities.get_activity(ws, t.key_activity)
    with pytest.raises(NotFoundError):
        timeline.timeline(ws, O, t.key_org)


@pytest.mark.parametrize("login", RESTRICTED)
def test_key_client_cards_do_not_exist_for_a_restricted_user(team: Team, login: str) -> None:
    team.sign_in(login)
    _assert_key_hidden(team)
    assert contacts.get_organization(team.ws, team.shared_org).name == "Shared B"
    assert deals.get_deal(team.ws, team.shared_deal).card.title == "Shared deal"


def test_owner_and_administrator_see_the_key_client(team: Team) -> None:
    for login in ("boris", "owner"):
        team.sign_in(login)
        assert contacts.get_organization(team.ws, team.key_org).name == "Key B"
        assert contacts.get_person(team.ws, team.key_person).full_name == "Keyperson"
        assert deals.get_deal(team.ws, team.key_deal).card.title == "Key deal"


def _names_in_list(ws: Workspace) -> set[str]:
    flt = ContactFilter()
    orgs = contact_list.organization_rows(ws, flt, SortKey.NAME, False, 0, 500)
    names = {r.name for r in orgs}
    for org in orgs:
        names |= {
            r.name for r in contact_list.person_rows(ws, org.id, flt, SortKey.NAME, False, 0, 500)
        }
    names |= {r.name for r in contact_list.person_rows(ws, None, flt, SortKey.NAME, False, 0, 500)}
    return names


def _board_titles(t: Team) -> set[str]:
    return {c.title for c in deals.load_board(t.ws, t.pipeline_id).cards}


def _task_subjects(ws: Workspace) -> set[str]:
    tasks = activities.task_list(ws)
    return {v.subject for _, group in tasks.groups() for v in group}


def _search_titles(ws: Workspace, text: str) -> set[str]:
    return {h.title for h in search.search(ws, text)}


def _report_text(ws: Workspace, name: str) -> str:
    result = reports.run(name, ws, reports.ReportParams())
    parts = []
    for table in result.tables:
        for row in (*table.rows, *table.totals):
            parts += [str(getattr(c, "value", c)) for c in row]
    for chart in result.charts:
        parts += [str(c.value) for c in chart.categories]
        parts += [str(v) for s in chart.series for v in s.values]
    return " | ".join(parts)


@pytest.mark.parametrize("login", RESTRICTED)
def test_key_client_invisible_in_lists_search_board_tasks(team: Team, login: str) -> None:
    team.sign_in("owner")
    everything = _names_in_list(team.ws)
    assert {"Key B", "Keyperson", "Keyprivate"} <= everything
    assert "Key deal" in _board_titles(team) and "Call Key B" in _task_subjects(team.ws)
    assert _search_titles(team.ws, "Key")  # the administrator finds them
    count_all = contact_list.count_organizations(team.ws, ContactFilter())

    team.sign_in(login)
    seen = _names_in_list(team.ws)
    assert not {"Key B", "Keyperson", "Keyprivate"} & seen
    assert {"Shared B", "Petrshared"} <= seen
    assert contact_list.count_organizations(team.ws, ContactFilter()) == count_all - 1
    assert "Key deal" not in _board_titles(team) and "Shared deal" in _board_titles(team)
    assert "Call Key B" not in _task_subjects(team.ws)
    assert "Call Shared B" in _task_subjects(team.ws)
    for text in ("Key B", "Keyperson", "Keyprivate", "Key deal", "Ke"):
        assert not {"Key B", "Keyperson", "Keyprivate", "Key deal"} & _search_titles(team.ws, text)
    assert "Shared B" in _search_titles(team.ws, "Shared")
    assert contact_list.locate(team.ws, O, team.key_org, ContactFilter(), SortKey.NAME, False) == (
        None,
        None,
    )


@pytest.mark.parametrize("login", RESTRICTED)
def test_key_client_invisible_in_reports(team: Team, login: str) -> None:
    team.sign_in("owner")
    assert "Keyville" in _report_text(team.ws, "base")
    # six open deals for 827 781 (minor units), Key deal's 777 777 among them
    assert "| 82778100 |" in _report_text(team.ws, "funnel")
    team.sign_in(login)
    base = _report_text(team.ws, "base")
    assert "Keyville" not in base and "Sharedtown" in base
    funnel = _report_text(team.ws, "funnel")
    assert "| 5000400 |" in funnel and "82778100" not in funnel
    for name in ("forecast", "activity", "overdue"):
        reports.run(name, team.ws, reports.ReportParams())  # runs under the filter


def _export(ws: Workspace, what: str, fmt: str, tmp_path: Path) -> str:
    out = tmp_path / f"{what}.{fmt}"
    exporting.export_file(ws, what, fmt, out)
    return out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("login", ["anna", "owner"])
def test_exports_hold_only_what_the_user_sees(team: Team, login: str, tmp_path: Path) -> None:
    team.sign_in(login)
    text = " ".join(
        _export(team.ws, what, fmt, tmp_path)
        for what, fmt in (
            ("contacts", "csv"),
            ("organizations", "csv"),
            ("deals", "csv"),
            ("tasks", "csv"),
            ("contacts", "json"),
            ("contacts", "vcf"),
        )
    )
    rows = list(csv.reader((tmp_path / "deals.csv").read_text(encoding="utf-8-sig").splitlines()))
    json.loads((tmp_path / "contacts.json").read_text(encoding="utf-8"))
    hidden = ("Key B", "Keyperson", "Keyprivate", "Key deal", "Call Key B")
    if login == "owner":
        assert all(h in text for h in hidden)
    else:
        assert not [h for h in hidden if h in text]
        assert "Shared B" in text and "Shared deal" in text and len(rows) > 1


@pytest.mark.parametrize(("login", "allowed"), [("max", False), ("vera", False), ("rita", False)])
def test_export_right(team: Team, login: str, allowed: bool, tmp_path: Path) -> None:
    team.sign_in(login)
    for what, fmt in (
        ("contacts", "xlsx"),
        ("deals", "csv"),
        ("tasks", "ics"),
        ("contacts", "json"),
    ):
        with pytest.raises(AccessDeniedError, match="export"):
            exporting.export_file(team.ws, what, fmt, tmp_path / f"x.{fmt}")
        assert not (tmp_path / f"x.{fmt}").exists()


# ------------------------------------------------------- key-ness follows


def test_marking_a_client_key_hides_its_deals_tasks_and_people(team: Team) -> None:
    team.sign_in("boris")
    version = team.version(O, team.shared_org)
    contacts.update_organization(
        team.ws,
        team.shared_org,
        OrganizationInput(name="Shared B", owner_id=team.users["boris"], is_key_client=True),
        expected_version=version,
    )
    team.sign_in("anna")
    with pytest.raises(NotFoundError):
        deals.get_deal(team.ws, team.shared_deal)
    with pytest.raises(NotFoundError):
        contacts.get_person(team.ws, team.shared_person)
    assert "Call Shared B" not in _task_subjects(team.ws)


def _annas_deal_on_key_b(team: Team) -> int:
    """A deal of Anna's on Boris's key client (made by the administrator)."""
    team.sign_in("owner")
    return _deal(
        team.ws, "Anna on Key B", team.users["anna"], team.key_org, 1, team.pipeline_id,
        team.stage_id,
    )  # fmt: skip


def test_the_key_clients_owner_sees_a_colleagues_deal_on_it(team: Team) -> None:
    """Anna's deal on Boris's key client: both see it; Vera does not."""
    deal = _annas_deal_on_key_b(team)
    for login in ("anna", "boris"):
        team.sign_in(login)
        assert deals.get_deal(team.ws, deal).card.title == "Anna on Key B"
    team.sign_in("vera")
    with pytest.raises(NotFoundError):
        deals.get_deal(team.ws, deal)


def test_an_own_deal_names_its_hidden_client_alike_on_the_board_and_in_exports(
    team: Team, tmp_path: Path
) -> None:
    """Anna's own deal and task on Boris's key client: the deal and the task are hers, so
    the card, the dialog and her exports name their client ("Key B"), the same
    everywhere; the client's own card (its city, people, phones) stays hidden."""
    deal = _annas_deal_on_key_b(team)
    _activity(team.ws, "Anna calls Key B", team.users["anna"], team.key_org)
    team.sign_in("anna")
    assert deals.get_deal(team.ws, deal).card.organization_name == "Key B"
    deal_rows = list(csv.reader(_export(team.ws, "deals", "csv", tmp_path).splitlines()))
    assert [r[1] for r in deal_rows if r[0] == "Anna on Key B"] == ["Key B"]
    task_rows = list(csv.reader(_export(team.ws, "tasks", "csv", tmp_path).splitlines()))
    assert [r[6] for r in task_rows if r[1] == "Anna calls Key B"] == ["Key B"]
    contacts_text = _export(team.ws, "contacts", "csv", tmp_path)
    assert "Key B" not in contacts_text and "Keyville" not in contacts_text
    with pytest.raises(NotFoundError):
        contacts.get_organization(team.ws, team.key_org)


def test_no_linking_to_a_hidden_client(team: Team) -> None:
    team.sign_in("anna")
    data = ActivityInput(subject="Sneaky", organization_id=team.key_org)
    with pytest.raises(UserError, match="does not exist"):
        activities.create_activity(team.ws, data)


def test_duplicates_do_not_reveal_a_key_client(team: Team) -> None:
    team.sign_in("anna")
    assert duplicates.find_organization_duplicates(team.ws, OrganizationInput(name="Key B")) == []
    found = duplicates.find_organization_duplicates(team.ws, OrganizationInput(name="Shared B"))
    assert [c.id for c in found] == [team.shared_org]


def test_import_right_and_no_update_of_a_colleagues_card(team: Team, tmp_path: Path) -> None:
    from crm_desktop.services.importing import plan_import, run_import

    src = tmp_path / "in.csv"
    src.write_text(
        "Организация,Город\nShared B,Newtown\nKey B,Keytown\nImported Co,Town\n",
        encoding="utf-8",
    )
    team.sign_in("vera")
    with pytest.raises(AccessDeniedError, match="import"):
        run_import(team.ws, src)
    team.sign_in("owner")  # the administrator: both existing cards are matched
    assert len(plan_import(team.ws, src).org_matches) == 2
    team.sign_in("anna")
    # a colleague's card is not updated, a hidden key client is not revealed: the dry
    # run counts what the import does, three new cards
    assert plan_import(team.ws, src).org_matches == {}
    result = run_import(team.ws, src)
    assert (result.organizations_created, result.organizations_matched) == (3, 0)
    team.sign_in("owner")
    assert contacts.get_organization(team.ws, team.shared_org).city == "Sharedtown"
    assert contacts.get_organization(team.ws, team.key_org).city != "Keytown"


def test_visible_clause_is_true_for_an_administrator() -> None:
    admin = CurrentUser(1, "a", "A", Role.ADMIN)
    assert str(access.visible(admin, Organization)) == str(sa.true())
    manager = CurrentUser(2, "m", "M", Role.MANAGER)
    assert "is_key_client" in str(access.visible(manager, Deal))


def test_the_trash_lists_only_what_the_user_sees(team: Team) -> None:
    team.sign_in("boris")
    contacts.move_to_trash(team.ws, A, team.key_activity)
    contacts.move_to_trash(team.ws, D, team.key_deal)
    contacts.move_to_trash(team.ws, P, team.key_private)
    mine = {i.title for i in contacts.list_trash(team.ws)}
    assert {"Call Key B", "Key deal", "Keyprivate"} <= mine
    team.sign_in("anna")
    assert not {"Call Key B", "Key deal", "Keyprivate"} & {
        i.title for i in contacts.list_trash(team.ws)
    }
    with pytest.raises(NotFoundError):
        contacts.restore(team.ws, D, team.key_deal)


def test_switching_team_mode_on_keeps_the_administrator_signed_in(ws: Workspace) -> None:
    admin = ws.user
    with UnitOfWork(ws.db, write=True) as uow:
        uow.references.set_setting("team_mode", "1")
        uow.commit()
    ws.refresh_identity()
    assert ws.team_mode and ws.user == admin
    contacts.create_organization(ws, OrganizationInput(name="Still works"))


def test_owner_filter_does_not_name_owners_of_hidden_cards_only(team: Team) -> None:
    team.sign_in("owner")
    _org(team.ws, "Max's key", team.users["max"], key=True)
    assert team.users["max"] in {uid for uid, _ in contact_list.owners(team.ws)}
    team.sign_in("anna")
    assert team.users["max"] not in {uid for uid, _ in contact_list.owners(team.ws)}
    assert team.users["boris"] in {uid for uid, _ in contact_list.owners(team.ws)}


@pytest.mark.parametrize("login", RESTRICTED)
def test_filter_value_lists_hold_only_visible_cards(team: Team, login: str) -> None:
    team.sign_in("owner")
    assert {"Keyville", "Sharedtown"} <= set(contact_list.cities(team.ws))
    team.sign_in(login)
    cities = set(contact_list.cities(team.ws))
    assert "Sharedtown" in cities and "Keyville" not in cities  # the key client's city
