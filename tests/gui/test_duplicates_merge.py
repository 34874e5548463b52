"""The duplicate warning on save, the merge dialog and undoing a merge — by clicking."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.contacts import duplicates, editors
from crm_desktop.gui.contacts.duplicates import DuplicatesDialog, MergeDialog
from crm_desktop.gui.context import AppContext
from crm_desktop.services import contacts, search
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from tests.gui.conftest import FakeDialogs, closed, wait_idle
from tests.gui.test_editors import button, click, label, line, save, type_in


def _existing(ctx: AppContext) -> int:
    return contacts.create_person(
        ctx.ws,
        PersonInput(
            last_name="Иванов",
            first_name="Иван",
            middle_name="Петрович",
            city="Казань",
            phones=[PhoneInput("8 (912) 345-67-89")],
        ),
    ).id


def _type_look_alike(qtbot: QtBot, ctx: AppContext, host: QWidget) -> editors.PersonDialog:
    """A new person with the existing one's phone in another format; Save pressed."""
    dialog = editors.new_person(ctx, host)
    type_in(qtbot, dialog, "last_name", "Иван Иванов")
    type_in(qtbot, dialog, "city", "Самара")
    type_in(qtbot, dialog, "phone_number_0", "+7 912 3456789")
    save(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: dialog.duplicates_dialog is not None)
    assert dialog.duplicates_dialog is not None
    qtbot.waitUntil(dialog.duplicates_dialog.isVisible)
    wait_idle(qtbot, ctx)
    return dialog


def _people_with_phone(ctx: AppContext) -> list[str]:
    return sorted(h.title for h in search.search(ctx.ws, "912 345") if h.kind is EntityKind.PERSON)


def test_a_look_alike_is_caught_with_the_reasons_shown(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    existing = _existing(ctx)
    editor = _type_look_alike(qtbot, ctx, host)
    warning = editor.duplicates_dialog
    assert warning is not None
    assert warning.windowModality() == Qt.WindowModality.WindowModal
    assert [c.id for c in warning.candidates] == [existing]
    assert label(warning, "candidate_name_0").text() == "Иванов Иван Петрович"
    reasons = label(warning, "candidate_reasons_0").text()
    assert "Same phone +7 912 345-67-89" in reasons
    assert "Similar name" in reasons
    assert "Казань" in label(warning, "candidate_summary_0").text()
    assert "“Иванов Иван”" in label(warning, "intro").text()  # the typed name was split
    assert (editor.last_name.text(), editor.first_name.text()) == ("Иванов", "Иван")
    assert _people_with_phone(ctx) == ["Иванов Иван Петрович"]  # nothing saved yet

    # Cancel: back to the card, with everything typed still there
    click(qtbot, warning, "cancel")
    assert closed(warning) and editor.isVisible()
    assert line(editor, "phone_number_0").text() == "+7 912 3456789"
    assert line(editor, "city").text() == "Самара"
    assert _people_with_phone(ctx) == ["Иванов Иван Петрович"]
    assert opened == []


def test_open_existing_closes_the_editor_and_opens_the_card(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    existing = _existing(ctx)
    editor = _type_look_alike(qtbot, ctx, host)
    assert editor.duplicates_dialog is not None
    click(qtbot, editor.duplicates_dialog, "open_existing")
    qtbot.waitUntil(lambda: closed(editor))
    wait_idle(qtbot, ctx)
    assert opened == [(EntityKind.PERSON, existing)]
    assert _people_with_phone(ctx) == ["Иванов Иван Петрович"]


def test_save_anyway_creates_a_second_card(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    existing = _existing(ctx)
    editor = _type_look_alike(qtbot, ctx, host)
    assert editor.duplicates_dialog is not None
    click(qtbot, editor.duplicates_dialog, "save_anyway")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(editor))
    assert _people_with_phone(ctx) == ["Иванов Иван", "Иванов Иван Петрович"]
    new_id = opened[-1][1]
    assert new_id != existing
    assert contacts.get_person(ctx.ws, new_id).city == "Самара"

    # editing the new card does not warn again about the look-alike it already had
    again = editors.edit_record(ctx, host, EntityKind.PERSON, new_id)
    wait_idle(qtbot, ctx)
    line(again, "city").clear()
    type_in(qtbot, again, "city", "Тверь")
    save(qtbot, ctx, again)
    qtbot.waitUntil(lambda: closed(again))
    assert again.duplicates_dialog is None
    assert contacts.get_person(ctx.ws, new_id).city == "Тверь"


def _merge_dialog(qtbot: QtBot) -> MergeDialog:
    found: list[MergeDialog] = []

    def shown() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MergeDialog) and w.isVisible()
        ]
        return len(found) == 1

    qtbot.waitUntil(shown)
    return found[0]


def test_merge_from_the_warning_saves_first_then_merges_into_the_existing_card(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    existing = _existing(ctx)
    editor = _type_look_alike(qtbot, ctx, host)
    assert editor.duplicates_dialog is not None
    click(qtbot, editor.duplicates_dialog, "merge")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(editor))
    new_id = opened[-1][1]
    assert _people_with_phone(ctx) == ["Иванов Иван", "Иванов Иван Петрович"]

    dialog = _merge_dialog(qtbot)
    wait_idle(qtbot, ctx)
    assert dialog.preview is not None
    assert (dialog.preview.survivor_id, dialog.preview.other_id) == (existing, new_id)
    assert label(dialog, "left_title").text() == "Иванов Иван Петрович"
    click(qtbot, dialog, "merge")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    assert opened[-1] == (EntityKind.PERSON, existing)
    assert _people_with_phone(ctx) == ["Иванов Иван Петрович"]
    assert contacts.get_person(ctx.ws, new_id).deleted_at is not None


def _pair(ctx: AppContext) -> tuple[int, int]:
    org = contacts.create_organization(ctx.ws, OrganizationInput(name="ООО «Ромашка»"))
    left = contacts.create_person(
        ctx.ws,
        PersonInput(
            last_name="Смирнова",
            first_name="Ольга",
            organization_id=org.id,
            city="Казань",
            position="Бухгалтер",
            phones=[PhoneInput("8 (912) 111-22-33")],
            tags=["опт"],
        ),
    ).id
    right = contacts.create_person(
        ctx.ws,
        PersonInput(
            last_name="Смирнова",
            first_name="Ольга",
            middle_name="Игоревна",
            organization_id=org.id,
            city="Самара",
            position="Бухгалтер",
            phones=[PhoneInput("+7 912 111 22 33"), PhoneInput("+7 495 765 43 21")],
            emails=[EmailInput("olga@romashka.ru")],
            tags=["vip"],
        ),
    ).id
    return left, right


def test_merge_picking_the_others_city_and_undo_restores_both_cards(
    qtbot: QtBot,
    ctx: AppContext,
    host: QWidget,
    dialogs: FakeDialogs,
    opened: list[tuple[EntityKind, int]],
) -> None:
    left, right = _pair(ctx)
    before = (contacts.get_person(ctx.ws, left), contacts.get_person(ctx.ws, right))

    dialog = duplicates.open_merge(ctx, host, EntityKind.PERSON, left, right)
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    wait_idle(qtbot, ctx)
    # differing fields get a choice; identical ones are shown plainly
    assert set(dialog.radios) == {"full_name", "city"}
    assert dialog.findChild(QLabel, "left_position") is not None
    assert dialog.findChild(QRadioButton, "left_city").isChecked()  # type: ignore[union-attr]
    summary = label(dialog, "summary").text()
    assert "+7 495 765-43-21" in summary and "olga@romashka.ru" in summary
    assert "vip" in summary and "опт" in summary

    right_city = dialog.findChild(QRadioButton, "right_city")
    assert right_city is not None and right_city.text() == "Самара"
    qtbot.mouseClick(right_city, Qt.MouseButton.LeftButton, pos=QPoint(8, right_city.height() // 2))
    assert right_city.isChecked()
    assert dialog.choices() == {"full_name": "survivor", "city": "other"}
    click(qtbot, dialog, "merge")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))

    kept = contacts.get_person(ctx.ws, left)
    assert kept.city == "Самара"
    assert kept.full_name == "Смирнова Ольга"
    assert sorted(p.e164 or "" for p in kept.phones) == ["+74957654321", "+79121112233"]
    assert [e.address for e in kept.emails] == ["olga@romashka.ru"]
    assert sorted(kept.tags) == ["vip", "опт"]
    assert contacts.get_person(ctx.ws, right).deleted_at is not None
    assert [h.id for h in search.search(ctx.ws, "Смирнова")] == [left]
    assert opened == [(EntityKind.PERSON, left)]

    duplicates.undo_last_merge(ctx, host)
    wait_idle(qtbot, ctx)
    assert len(dialogs.confirms) == 1 and "Смирнова" in dialogs.confirms[0]
    assert dialogs.errors == []
    after = (contacts.get_person(ctx.ws, left), contacts.get_person(ctx.ws, right))
    assert [dataclasses.replace(a, phones=()) for a in after] == [
        dataclasses.replace(b, phones=()) for b in before
    ]
    assert [[(p.raw, p.e164) for p in c.phones] for c in after] == [
        [(p.raw, p.e164) for p in c.phones] for c in before
    ]
    assert sorted(h.id for h in search.search(ctx.ws, "Смирнова")) == sorted([left, right])

    # nothing left to undo
    duplicates.undo_last_merge(ctx, host)
    wait_idle(qtbot, ctx)
    assert dialogs.infos == ["There is no merge to undo."]


def test_swap_keeps_the_other_card_and_a_refused_undo_is_shown(
    qtbot: QtBot,
    ctx: AppContext,
    host: QWidget,
    dialogs: FakeDialogs,
    opened: list[tuple[EntityKind, int]],
) -> None:
    left, right = _pair(ctx)
    dialog = duplicates.open_merge(ctx, host, EntityKind.PERSON, left, right)
    wait_idle(qtbot, ctx)
    right_city = dialog.findChild(QRadioButton, "right_city")
    assert right_city is not None
    qtbot.mouseClick(right_city, Qt.MouseButton.LeftButton, pos=QPoint(8, right_city.height() // 2))
    click(qtbot, dialog, "swap")
    wait_idle(qtbot, ctx)
    assert dialog.preview is not None
    assert (dialog.preview.survivor_id, dialog.preview.other_id) == (right, left)
    assert label(dialog, "left_title").text() == "Смирнова Ольга Игоревна"
    # the city picked before the swap is still the one picked: Самара, now on the left
    left_city = dialog.findChild(QRadioButton, "left_city")
    assert left_city is not None and left_city.text() == "Самара" and left_city.isChecked()
    click(qtbot, dialog, "merge")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    assert contacts.get_person(ctx.ws, left).deleted_at is not None
    assert contacts.get_person(ctx.ws, right).city == "Самара"
    assert opened == [(EntityKind.PERSON, right)]

    # the kept card is edited after the merge: undo is refused, and says why
    card = contacts.get_person(ctx.ws, right)
    contacts.update_person(
        ctx.ws,
        right,
        PersonInput(last_name="Смирнова", first_name="Ольга", city="Пермь"),
        expected_version=card.version,
    )
    duplicates.undo_last_merge(ctx, host)
    wait_idle(qtbot, ctx)
    assert len(dialogs.errors) == 1 and "changed since the merge" in dialogs.errors[0]
    assert contacts.get_person(ctx.ws, left).deleted_at is not None


def test_a_merge_refused_for_a_concurrent_edit_reloads_the_comparison(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    left, right = _pair(ctx)
    dialog = duplicates.open_merge(ctx, host, EntityKind.PERSON, left, right)
    wait_idle(qtbot, ctx)
    card = contacts.get_person(ctx.ws, right)
    contacts.update_person(
        ctx.ws,
        right,
        PersonInput(last_name="Смирнова", first_name="Ольга", city="Омск"),
        expected_version=card.version,
    )
    click(qtbot, dialog, "merge")
    wait_idle(qtbot, ctx)
    assert dialog.isVisible()
    assert dialog.banner.isVisible() and "changed" in dialog.banner.text()
    right_city = dialog.findChild(QRadioButton, "right_city")
    assert right_city is not None and right_city.text() == "Омск"
    assert contacts.get_person(ctx.ws, right).deleted_at is None
    assert opened == []
    assert button(dialog, "merge").isEnabled()


@pytest.mark.parametrize(("view", "language"), [("duplicates", "ru"), ("merge", "en")])
def test_screenshot_dialogs_on_a_demo_base(
    qtbot: QtBot, ctx: AppContext, host: QWidget, view: str, language: str
) -> None:
    generate_demo(ctx.ws, DemoSpec(persons=120, organizations=30, seed=7, language=language))
    widget = duplicates.demo_dialog(view, ctx, host)
    wait_idle(qtbot, ctx)
    assert widget.isVisible()
    if view == "duplicates":
        assert isinstance(widget, DuplicatesDialog)
        assert widget.candidates
        assert "Same phone" in label(widget, "candidate_reasons_0").text()
    else:
        assert isinstance(widget, MergeDialog)
        assert widget.preview is not None and widget.radios
    widget.close()
