"""The demo base: realistic, complete, consistent, all-or-nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import StageKind
from crm_desktop.errors import ValidationError
from crm_desktop.services import deals
from crm_desktop.services.checking import check
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.progress import Cancelled
from crm_desktop.services.search import search
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    Deal,
    DealStageChange,
    Organization,
    Person,
    Phone,
    SearchDoc,
    Stage,
)


def _count(ws: Workspace, model: type) -> int:
    with ws.read() as uow:
        return uow.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_demo_fills_every_part_consistently(ws: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    counts = generate_demo(ws, DemoSpec(persons=400, seed=3), lambda d, t: seen.append((d, t)))
    assert (counts.persons, counts.organizations) == (400, 100)
    assert _count(ws, Person) == 400 and _count(ws, Organization) == 100
    assert _count(ws, SearchDoc) == 500 + counts.deals  # cards and deals
    assert counts.deals == _count(ws, Deal) == 150
    assert counts.tasks == _count(ws, Activity) == 80
    assert counts.phones == _count(ws, Phone) > 400
    assert seen[-1][0] == seen[-1][1]
    with ws.read() as uow:
        s = uow.session
        valid = s.scalar(sa.select(sa.func.count()).where(Phone.is_valid.is_(True)))
        assert valid == counts.phones  # messy formats, but every number is valid
        kinds = set(
            s.scalars(sa.select(Stage.kind).join(Deal, Deal.stage_id == Stage.id).distinct())
        )
        assert StageKind.OPEN in kinds
        # every deal has a history ending in its current stage
        last_moves = s.execute(
            sa.select(DealStageChange.deal_id, sa.func.max(DealStageChange.id)).group_by(
                DealStageChange.deal_id
            )
        ).all()
        assert len(last_moves) == counts.deals
        planned = s.scalar(sa.select(sa.func.count()).where(Activity.done_at.is_(None)))
        done = s.scalar(sa.select(sa.func.count()).where(Activity.done_at.is_not(None)))
        assert planned and done
    assert [item for item in check(ws) if not item.ok] == []
    (hit, *_) = search(ws, "ООО")
    assert hit.kind.value == "organization"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_demo_fills_two_pipelines_for_the_board(ws: Workspace, language: str) -> None:
    generate_demo(ws, DemoSpec(persons=400, seed=5, language=language))
    main, repeat = deals.list_pipelines(ws)
    assert main.name == ("Продажи" if language == "ru" else "Sales")
    assert repeat.name == ("Повторные продажи" if language == "ru" else "Repeat sales")
    assert len(main.stages) >= 6
    for pipeline in (main, repeat):
        assert {s.kind for s in pipeline.stages} == {StageKind.OPEN, StageKind.WON, StageKind.LOST}
    board = deals.load_board(ws, main.id)
    assert len(board.cards) >= 100
    assert sum(t.count for t in board.totals.values()) == len(board.cards)
    assert {c.stage_kind for c in board.cards} == {StageKind.OPEN, StageKind.WON, StageKind.LOST}
    assert any(c.next_activity_id for c in board.cards)
    assert 3 <= len(deals.load_board(ws, repeat.id).cards) < 100
    reasons = deals.list_loss_reasons(ws)
    competitors = deals.list_competitors(ws)
    assert len(reasons) >= 5 and len(competitors) >= 5
    assert any(c.won_count for c in competitors)
    russian = language == "ru"
    assert all(any("а" <= ch <= "я" for ch in r.name.lower()) == russian for r in reasons)


def test_demo_refuses_a_base_with_cards(ws: Workspace) -> None:
    generate_demo(ws, DemoSpec(persons=10))
    with pytest.raises(ValidationError, match="already holds 12 cards"):
        generate_demo(ws, DemoSpec(persons=10))


def test_cancelled_demo_leaves_nothing(ws: Workspace) -> None:
    def cancel(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        generate_demo(ws, DemoSpec(persons=5000, deals=10, tasks=10), cancel)
    assert _count(ws, Person) == 0 and _count(ws, Phone) == 0 and _count(ws, SearchDoc) == 0


def test_english_demo(ws: Workspace) -> None:
    generate_demo(ws, DemoSpec(persons=30, language="en"))
    with ws.read() as uow:
        names = uow.session.scalars(sa.select(Person.full_name).limit(10)).all()
    assert all(n.isascii() for n in names)
