"""The card of an organization or a person: header, fields, people and the timeline.

`CardView.show_record(kind, id)` loads the card and the first page of its history on
the runner's read lane and shows a light "Loading…" only when that takes longer than
150 ms; a newer request drops an older one's answer. The card reloads itself when
`ctx.changed` touches what it shows. Every piece of user data goes into plain-text
labels, or is escaped where a label needs rich text (links).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QMargins,
    QModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QSplitter,
    QSplitterHandle,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from crm_desktop.domain.kinds import EmailKind, EntityKind, PhoneKind
from crm_desktop.errors import NotFoundError, UserError
from crm_desktop.gui.audit_log import RecordHistoryView
from crm_desktop.gui.contacts.timeline import (
    ENTRY_ROLE,
    TimelineModel,
    TimelineView,
    muted_color,
    warning_color,
)
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals.editor import new_deal
from crm_desktop.gui.resources import icon
from crm_desktop.services import contacts as contacts_service
from crm_desktop.services.contacts import get_organization, get_person
from crm_desktop.services.dto import (
    EmailView,
    OrganizationCard,
    PersonCard,
    PersonSummary,
    PhoneView,
)
from crm_desktop.services.timeline import TimelineEntry, timeline
from crm_desktop.services.workspace import Workspace

LOADING_DELAY_MS = 150
LABEL_WIDTH = 100  # the field labels' column
COMPACT_WIDTH = 480  # narrower than this: a smaller header, Edit as an icon
PEOPLE_SHOWN = 50  # an organization's people listed on its card (the rest: "and N more")
_TIMELINE_KINDS = frozenset(
    {EntityKind.ACTIVITY, EntityKind.NOTE, EntityKind.DEAL, EntityKind.STAGE, EntityKind.USER}
)
_AVATAR_COLORS = (
    "#3b7ddd",
    "#2e9c8a",
    "#d9822b",
    "#8a5cc7",
    "#cc4f73",
    "#3a9bbf",
    "#6b8f2a",
    "#b86b3b",
)

Card = OrganizationCard | PersonCard


@dataclass(frozen=True)
class _Loaded:
    kind: EntityKind
    card: Card
    entries: list[TimelineEntry]
    people_phones: dict[int, PhoneView]  # an organization's people: id -> first phone


def _load(ws: Workspace, kind: EntityKind, entity_id: int, limit: int) -> _Loaded:
    """Runs on a worker: the card, its people's first phones, the first timeline page."""

    phones: dict[int, PhoneView] = {}
    card: Card
    if kind is EntityKind.ORGANIZATION:
        card = get_organization(ws, entity_id)
        for summary in card.persons[:PEOPLE_SHOWN]:
            try:
                person = get_person(ws, summary.id)
            except NotFoundError:
                continue
            if person.phones:
                phones[summary.id] = person.phones[0]
    elif kind is EntityKind.PERSON:
        card = get_person(ws, entity_id)
    else:
        raise NotFoundError(f"A {kind.value} has no contact card.")
    entries = timeline(ws, kind, entity_id, limit=limit)
    return _Loaded(kind, card, entries, phones)


# ------------------------------------------------------------------ small parts


def _local(moment: datetime) -> QDateTime:
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def _color_name(color: QColor) -> str:
    return color.name(
        QColor.NameFormat.HexArgb if color.alpha() < 255 else QColor.NameFormat.HexRgb
    )


def avatar_pixmap(
    seed: int, size: int, ratio: float, *, initials: str = "", icon_name: str = ""
) -> QPixmap:
    """A tinted circle with initials (a person) or an icon (an organization)."""
    color = QColor(_AVATAR_COLORS[seed % len(_AVATAR_COLORS)])
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    tint = QColor(color)
    tint.setAlpha(46)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(tint)
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    if icon_name:
        side = round(size * 0.56)
        offset = (size - side) // 2
        icon(icon_name).paint(painter, QRect(offset, offset, side, side))
    else:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(8, round(size * 0.38)))
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, initials)
    painter.end()
    return pixmap


def _initials(*parts: str) -> str:
    letters = [p.strip()[0] for p in parts if p and p.strip()]
    return "".join(letters[:2]).upper()


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps them to the next line (for tags)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add_widget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x = area.x()
                y += line + self._spacing
                line = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class ElidedLabel(QLabel):
    """One line of plain text, or a link, cut with "…" to the width it gets; the whole
    text is in `full_text()` and, when cut, in the tooltip. Never widens the card."""

    def __init__(
        self,
        text: str,
        parent: QWidget | None = None,
        *,
        href: str = "",
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._full = text
        self._href = href
        self._mode = mode
        self._tip = ""
        self.setTextFormat(Qt.TextFormat.RichText if href else Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        if href:
            self.setOpenExternalLinks(True)
            self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self._update()

    def full_text(self) -> str:
        return self._full

    def href(self) -> str:
        return self._href

    def set_tip(self, tip: str) -> None:
        self._tip = tip
        self._update()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + 2
        return QSize(width + margins.left() + margins.right(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(48, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update()

    def _update(self) -> None:
        metrics = self.fontMetrics()
        room = self.contentsRect().width()
        shown = self._full
        if room > 0 and metrics.horizontalAdvance(shown) > room:
            shown = metrics.elidedText(shown, self._mode, room)
        if self._href:
            href = html.escape(self._href, quote=True)
            super().setText(f'<a href="{href}">{html.escape(shown)}</a>')
        else:
            super().setText(shown)
        tips = [self._full] if shown != self._full else []
        if self._tip:
            tips.append(self._tip)
        self.setToolTip("\n".join(tips))


class _WrapLabel(QLabel):
    """Word-wrapped text that never asks for more width than the card has (a long word
    such as a URL is cut at the edge instead of widening every row)."""

    def minimumSizeHint(self) -> QSize:
        size = super().minimumSizeHint()
        return QSize(min(size.width(), 60), size.height())

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        return QSize(min(size.width(), 320), size.height())


class _TitleLabel(QLabel):
    """A word-wrapped label that asks for one line's width and wraps only when short of it."""

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        width = metrics.horizontalAdvance(self.text()) + 2 + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        size = super().minimumSizeHint()
        return QSize(min(size.width(), 120), size.height())


class TagChip(QWidget):
    """A tag as a small rounded chip in the palette's colours."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardTag")
        self._text = text
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.setFont(font)
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = min(metrics.horizontalAdvance(self._text), 260)
        return QSize(width + 20, metrics.height() + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        fill = QColor(accent)
        fill.setAlpha(28)
        border = QColor(accent)
        border.setAlpha(110)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        text_rect = self.rect().adjusted(9, 0, -9, 0)
        metrics = self.fontMetrics()
        text = self._text
        if metrics.horizontalAdvance(text) > text_rect.width():
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


class _PersonRow(QFrame):
    """One of an organization's people: avatar, name, position, first phone; clickable."""

    clicked = Signal(int)

    def __init__(
        self, person: PersonSummary, phone: PhoneView | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.person_id = person.id
        self.setObjectName("cardPerson")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setToolTip(self.tr("Open the card of %1").replace("%1", person.full_name))
        self.setStyleSheet(
            "#cardPerson { border-radius: 6px; }"
            " #cardPerson:hover, #cardPerson:focus { background: palette(alternate-base); }"
        )
        parts = person.full_name.split()
        avatar = QLabel(self)
        avatar.setPixmap(
            avatar_pixmap(
                person.id,
                30,
                self.devicePixelRatioF(),
                initials=_initials(*(parts[:2] or ["?"])),
            )
        )
        avatar.setFixedSize(30, 30)
        name = ElidedLabel(person.full_name, self)
        name.setObjectName("cardPersonName")
        font = QFont(name.font())
        font.setWeight(QFont.Weight.DemiBold)
        name.setFont(font)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(name)
        if person.position:
            position = ElidedLabel(person.position, self)
            position.setObjectName("cardPersonPosition")
            _mute(position)
            texts.addWidget(position)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 8, 4)
        layout.setSpacing(10)
        layout.addWidget(avatar, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(texts, 1)
        if phone is not None:
            number = QLabel(_phone_number_text(phone), self)
            number.setTextFormat(Qt.TextFormat.PlainText)
            number.setObjectName("cardPersonPhone")
            _mute(number)
            layout.addWidget(number, 0, Qt.AlignmentFlag.AlignVCenter)
        for child in self.findChildren(QLabel):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.person_id)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.person_id)
            return
        super().keyPressEvent(event)


def _mute(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_color(label.palette()))
    label.setPalette(palette)


def _phone_number_text(phone: PhoneView) -> str:
    """The display form without the extension (shown apart, with a translated label)."""
    text = phone.display
    if phone.extension:
        for label in ("доб.", "ext."):
            suffix = f" {label} {phone.extension}"
            if text.endswith(suffix):
                return text[: -len(suffix)]
    return text


def _value_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = _WrapLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setWordWrap(True)  # after the size policy: it sets height-for-width
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class _Form:
    """A section of the card: a heading and rows of a muted label and a value."""

    def __init__(
        self,
        parent: QWidget,
        layout: QVBoxLayout,
        heading: str,
        name: str,
        label_width: int = LABEL_WIDTH,
    ) -> None:
        self.label_width = label_width
        self.parent = parent
        self.heading = QLabel(heading.upper(), parent)
        self.heading.setObjectName("cardSection")
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.heading.setFont(font)
        _mute(self.heading)
        self.body = QWidget(parent)
        self.body.setObjectName(name)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setHorizontalSpacing(12 if label_width < LABEL_WIDTH else 16)
        self.form.setVerticalSpacing(8)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.space = QSpacerItem(0, 10 if layout.count() else 2)
        layout.addSpacerItem(self.space)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        self.rows = 0

    def add(self, label: str, value: QWidget) -> None:
        caption = QLabel(label, self.parent)
        caption.setObjectName("cardFieldLabel")
        caption.setMinimumWidth(self.label_width)
        # fill the row's height with the text at the top: aligned with a value's first line
        caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        _mute(caption)
        self.form.addRow(caption, value)
        self.rows += 1

    def add_spanning(self, widget: QWidget) -> None:
        self.form.addRow(widget)
        self.rows += 1

    def add_text(self, label: str, text: str | None, name: str = "") -> None:
        if text and text.strip():
            self.add(label, _value_label(text.strip(), self.parent, name))

    def finish(self) -> None:
        if not self.rows:
            self.heading.hide()
            self.body.hide()
            self.space.changeSize(0, 0)


class _SplitterHandle(QSplitterHandle):
    """A thin rule across the card with a small grip in the middle."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        rule = palette.color(QPalette.ColorRole.Mid)
        y = self.height() / 2
        painter.setPen(rule)
        painter.drawLine(QPointF(0, y), QPointF(self.width(), y))
        grip = QRectF(self.width() / 2 - 18, y - 2, 36, 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(rule)
        painter.drawRoundedRect(grip, 2, 2)
        painter.end()


class _Splitter(QSplitter):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setHandleWidth(9)

    def createHandle(self) -> QSplitterHandle:
        return _SplitterHandle(self.orientation(), self)


# ------------------------------------------------------------------ the card


class CardView(QWidget):
    """Shows one organization or person with their history; empty until told what."""

    edit_requested = Signal(object, int)  # EntityKind, id
    open_requested = Signal(object, int)  # EntityKind, id: another card to show
    loaded = Signal(object, int)  # EntityKind, id: the card is on screen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("cardView")
        self._current: tuple[EntityKind, int] | None = None
        self._generation = 0
        self._dirty = False
        self._last: _Loaded | None = None
        self._people: frozenset[int] = frozenset()
        self._user_sized = False
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(LOADING_DELAY_MS)
        self._loading_timer.timeout.connect(self._show_loading)

        self.stack = QStackedWidget(self)
        self._empty_page = self._build_empty_page()
        self._loading_page = self._build_loading_page()
        self._content = QWidget(self)
        self._content.setObjectName("cardContent")
        self.stack.addWidget(self._empty_page)
        self.stack.addWidget(self._loading_page)
        self.stack.addWidget(self._content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._build_content()
        ctx.changed.connect(self._on_changed)
        self.clear()

    # ------------------------------------------------------------ building

    def _build_empty_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("cardEmpty")
        picture = QLabel(page)
        picture.setPixmap(icon("contacts").pixmap(56, 56, QIcon.Mode.Disabled))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label = QLabel(page)
        self.empty_label.setObjectName("cardEmptyHint")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        _mute(self.empty_label)
        box = QVBoxLayout(page)
        box.setContentsMargins(32, 32, 32, 32)
        box.addStretch(2)
        box.addWidget(picture)
        box.addSpacing(8)
        box.addWidget(self.empty_label)
        tip = QLabel(
            self.tr("Tip: press Ctrl+K and type any part of a name, phone number, email or INN."),
            page,
        )
        tip.setObjectName("cardEmptyTip")
        tip.setWordWrap(True)
        tip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(tip.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        tip.setFont(font)
        _mute(tip)
        box.addSpacing(4)
        box.addWidget(tip)
        box.addStretch(3)
        return page

    def _build_loading_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("cardLoading")
        label = QLabel(self.tr("Loading…"), page)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _mute(label)
        box = QVBoxLayout(page)
        box.addWidget(label)
        return page

    def _build_content(self) -> None:
        content = self._content
        # the banner of a card in the trash
        self.banner = QFrame(content)
        self.banner.setObjectName("cardTrashBanner")
        self.banner.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        banner_icon = QLabel(self.banner)
        banner_icon.setPixmap(icon("trash").pixmap(20, 20))
        self.banner_label = QLabel(self.banner)
        self.banner_label.setObjectName("cardTrashText")
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        banner_box = QHBoxLayout(self.banner)
        banner_box.setContentsMargins(12, 8, 12, 8)
        banner_box.addWidget(banner_icon, 0, Qt.AlignmentFlag.AlignTop)
        banner_box.addWidget(self.banner_label, 1)
        self.restore_button = QPushButton(icon("restore"), self.tr("Restore"), self.banner)
        self.restore_button.setObjectName("cardRestore")
        self.restore_button.setToolTip(self.tr("Take this card out of the trash"))
        self.restore_button.clicked.connect(self._restore)
        banner_box.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner.hide()

        # the header: avatar, name and star, subtitle, tags; Edit at the right
        header = QWidget(content)
        header.setObjectName("cardHeader")
        self.avatar = QLabel(header)
        self._compact = False
        self._avatar_size = 52
        self._label_width = LABEL_WIDTH
        self.avatar.setFixedSize(52, 52)
        self.title_label = _TitleLabel(header)
        self.title_label.setObjectName("cardTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.55)
        self.title_label.setFont(font)
        self.star = QLabel(header)
        self.star.setObjectName("cardKeyClient")
        self.star.setPixmap(icon("key-client").pixmap(20, 20))
        self.star.setToolTip(self.tr("Key client"))
        self.star.setContentsMargins(0, 4, 0, 0)
        self.subtitle_label = QLabel(header)
        self.subtitle_label.setObjectName("cardSubtitle")
        self.subtitle_label.setTextFormat(Qt.TextFormat.RichText)
        self.subtitle_label.setWordWrap(True)
        self.subtitle_label.linkActivated.connect(self._on_subtitle_link)
        self.tags_box = QWidget(header)
        self.tags_box.setObjectName("cardTags")
        self.tags_layout = FlowLayout(self.tags_box, spacing=6)
        self.edit_button = QPushButton(icon("edit"), self.tr("Edit"), header)
        self.edit_button.setObjectName("cardEdit")
        self.edit_button.setAccessibleName(self.tr("Edit"))
        self.edit_button.setToolTip(self.tr("Edit this card"))
        self.edit_button.clicked.connect(self._on_edit)
        self.new_deal_button = QPushButton(icon("deal"), self.tr("New deal"), header)
        self.new_deal_button.setObjectName("cardNewDeal")
        self.new_deal_button.setAccessibleName(self.tr("New deal"))
        self.new_deal_button.setToolTip(self.tr("Start a deal with this client"))
        self.new_deal_button.clicked.connect(self._on_new_deal)
        self.plan_button = QPushButton(icon("new-activity"), self.tr("Plan activity"), header)
        self.plan_button.setObjectName("cardPlanActivity")
        self.plan_button.setAccessibleName(self.tr("Plan activity"))
        self.plan_button.setToolTip(self.tr("Plan a call, meeting or task with this client"))
        self.plan_button.clicked.connect(self._on_plan_activity)

        name_row = QHBoxLayout()
        name_row.setSpacing(8)
        name_row.addWidget(self.title_label, 0)
        name_row.addWidget(self.star, 0, Qt.AlignmentFlag.AlignTop)
        name_row.addStretch(1)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        texts.addLayout(name_row)
        texts.addWidget(self.subtitle_label)
        texts.addSpacing(2)
        texts.addWidget(self.tags_box)
        header_box = QHBoxLayout(header)
        header_box.setContentsMargins(16, 14, 16, 10)
        header_box.setSpacing(14)
        self._header_box = header_box
        header_box.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        header_box.addLayout(texts, 1)
        header_box.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignTop)
        header_box.addWidget(self.new_deal_button, 0, Qt.AlignmentFlag.AlignTop)
        header_box.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        rule = QWidget(content)
        rule.setObjectName("cardRule")
        rule.setFixedHeight(1)
        rule.setBackgroundRole(QPalette.ColorRole.Mid)
        rule.setAutoFillBackground(True)

        # the fields (rebuilt for every card) in a scroll area, the timeline below
        self.details_scroll = QScrollArea(content)
        self.details_scroll.setObjectName("cardScroll")
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details: QWidget | None = None

        history = QWidget(content)
        history.setObjectName("cardHistory")
        self.history_heading = QLabel(self.tr("History").upper(), history)
        self.history_heading.setObjectName("cardSection")
        heading_font = QFont(self.history_heading.font())
        heading_font.setBold(True)
        heading_font.setPointSizeF(max(7.0, heading_font.pointSizeF() * 0.82))
        heading_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.history_heading.setFont(heading_font)
        _mute(self.history_heading)
        self.history_loading = QLabel(self.tr("Loading older entries…"), history)
        self.history_loading.setObjectName("cardTimelineLoading")
        _mute(self.history_loading)
        self.history_loading.hide()
        self.timeline_model = TimelineModel(self.ctx, self)
        self.timeline_view = TimelineView(history)
        self.timeline_view.setObjectName("cardTimeline")
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.doubleClicked.connect(self._open_timeline_entry)
        self.timeline_empty = QLabel(
            self.tr("No calls, meetings, notes or deals yet. They will appear here."), history
        )
        self.timeline_empty.setObjectName("cardTimelineEmpty")
        self.timeline_empty.setWordWrap(True)
        self.timeline_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _mute(self.timeline_empty)
        self.timeline_model.fetching_changed.connect(self.history_loading.setVisible)
        heading_row = QHBoxLayout()
        heading_row.setContentsMargins(16, 10, 16, 0)
        heading_row.addWidget(self.history_heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.history_loading)
        history_box = QVBoxLayout(history)
        history_box.setContentsMargins(0, 0, 0, 0)
        history_box.setSpacing(4)
        history_box.addLayout(heading_row)
        history_box.addWidget(self.timeline_view, 1)
        history_box.addWidget(self.timeline_empty, 1)
        self.timeline_view.setContentsMargins(6, 0, 6, 6)
        self.timeline_view.setViewportMargins(6, 0, 6, 0)

        self.splitter = _Splitter(content)
        self.splitter.setObjectName("cardSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.details_scroll)
        # the timeline, and the record's audit entries beside it (gui/audit_log.py)
        self.history_tabs = QTabWidget(content)
        self.history_tabs.setObjectName("cardHistoryTabs")
        self.history_tabs.setDocumentMode(True)
        self.history_tabs.addTab(history, self.tr("Timeline"))
        self.changes_view = RecordHistoryView(self.ctx, self.history_tabs)
        self.history_tabs.addTab(self.changes_view, self.tr("Changes"))
        self.splitter.addWidget(self.history_tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)

        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.banner)
        box.addWidget(header)
        box.addWidget(rule)
        box.addWidget(self.splitter, 1)
        self._style_banner()

    def _style_banner(self) -> None:
        warn = warning_color(self.palette())
        tint = QColor(warn)
        tint.setAlpha(34)
        self.banner.setStyleSheet(
            f"#cardTrashBanner {{ background: {_color_name(tint)};"
            f" border-bottom: 1px solid {_color_name(warn)}; }}"
        )

    # ------------------------------------------------------------ public API

    def current(self) -> tuple[EntityKind, int] | None:
        return self._current

    def clear(self, message: str = "") -> None:
        """The empty state: nothing selected (or `message`, e.g. the card is gone)."""
        self._generation += 1
        self._loading_timer.stop()
        self._current = None
        self._last = None
        self._people = frozenset()
        self._dirty = False
        self.timeline_model.clear()
        self.empty_label.setText(
            message or self.tr("Select an organization or a person to see the card")
        )
        self.stack.setCurrentWidget(self._empty_page)

    def show_record(self, kind: EntityKind, entity_id: int) -> None:
        """Load and show a card; the previous one stays until the new one is ready."""
        if kind not in (EntityKind.ORGANIZATION, EntityKind.PERSON):
            raise ValueError(f"no card for {kind!r}")
        if (kind, entity_id) != self._current:
            self._user_sized = False
        self._current = (kind, entity_id)
        self.changes_view.set_record(kind, entity_id)
        self._load(show_loading=True)

    def reload(self) -> None:
        if self._current is not None:
            self._load(show_loading=False)

    # ------------------------------------------------------------ loading

    def _load(self, *, show_loading: bool) -> None:
        assert self._current is not None
        self._generation += 1
        self._dirty = False
        generation = self._generation
        kind, entity_id = self._current
        ws = self.ctx.ws
        limit = self.timeline_model.page_size
        if self._last is not None and (self._last.kind, self._last.card.id) == self._current:
            # a reload keeps as much history as is loaded, so the scroll position holds
            limit = min(max(limit, self.timeline_model.rowCount()), 1000)
        if show_loading:
            self._loading_timer.start()
        self.ctx.run(
            lambda _progress: _load(ws, kind, entity_id, limit),
            lambda result: self._apply(generation, result),
            write=False,
            on_failure=lambda exc, details: self._failed(generation, exc, details),
        )

    @Slot()
    def _show_loading(self) -> None:
        if self._current is not None:
            self.stack.setCurrentWidget(self._loading_page)

    def _failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, NotFoundError):
            self.clear(self.tr("This card no longer exists."))
        elif isinstance(exc, UserError):
            self.clear(exc.message)
        else:
            self.clear()
            self.ctx.show_error(exc, details)

    def _apply(self, generation: int, result: _Loaded) -> None:
        if generation != self._generation:
            return  # another card was asked for meanwhile
        self._loading_timer.stop()
        same_card = (
            self._last is not None
            and self._last.kind is result.kind
            and self._last.card.id == result.card.id
        )
        self._last = result
        card = result.card
        self._fill_header(result.kind, card)
        self._fill_banner(card)
        scroll_value = self.details_scroll.verticalScrollBar().value() if same_card else 0
        self._fill_details(result)
        timeline_value = self.timeline_view.verticalScrollBar().value() if same_card else 0
        self.timeline_model.set_entries(
            result.kind,
            card.id,
            result.entries,
            show_person=result.kind is EntityKind.ORGANIZATION,
        )
        has_entries = bool(result.entries)
        self.timeline_view.setVisible(has_entries)
        self.timeline_empty.setVisible(not has_entries)
        self.stack.setCurrentWidget(self._content)
        self._fit_splitter()
        if same_card:
            QTimer.singleShot(0, lambda: self._restore_scroll(scroll_value, timeline_value))
        else:
            self.timeline_view.scrollToTop()
        self.loaded.emit(result.kind, card.id)

    def _restore_scroll(self, details: int, history: int) -> None:
        self.details_scroll.verticalScrollBar().setValue(details)
        self.timeline_view.verticalScrollBar().setValue(history)

    # ------------------------------------------------------------ header

    def _fill_header(self, kind: EntityKind, card: Card) -> None:
        ratio = self.devicePixelRatioF()
        if isinstance(card, OrganizationCard):
            self.title_label.setText(card.name)
            self.avatar.setPixmap(
                avatar_pixmap(card.id, self._avatar_size, ratio, icon_name="organization")
            )
            self.avatar.setToolTip(self.tr("Organization"))
            parts = []
            if card.legal_form:
                parts.append(html.escape(card.legal_form))
            if card.inn:
                parts.append(html.escape(self.tr("INN %1").replace("%1", card.inn)))
            if card.city:
                parts.append(html.escape(card.city))
            if not parts:
                parts.append(html.escape(self.tr("Organization")))
            subtitle = " · ".join(parts)
        else:
            self.title_label.setText(card.full_name)
            self.avatar.setPixmap(
                avatar_pixmap(
                    card.id,
                    self._avatar_size,
                    ratio,
                    initials=_initials(card.last_name, card.first_name)
                    or _initials(*card.full_name.split()[:2]),
                )
            )
            self.avatar.setToolTip(self.tr("Person"))
            parts = [html.escape(p) for p in (card.position, card.department) if p]
            if card.organization_id is not None and card.organization_name:
                parts.append(f'<a href="organization">{html.escape(card.organization_name)}</a>')
            if not parts:
                parts.append(html.escape(self.tr("Private person")))
            subtitle = " · ".join(parts)
        self.subtitle_label.setText(subtitle)
        self.star.setVisible(card.is_key_client)
        self._fill_tags(card.tags)
        self.edit_button.setEnabled(card.deleted_at is None)
        self.new_deal_button.setEnabled(card.deleted_at is None)
        self.plan_button.setEnabled(card.deleted_at is None)
        self._fit_header_buttons()
        self.edit_button.setToolTip(
            self.tr("Edit this card")
            if card.deleted_at is None
            else self.tr("Restore the card from the trash to edit it")
        )

    def _fill_tags(self, tags: tuple[str, ...]) -> None:
        while self.tags_layout.count():
            item = self.tags_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for tag in tags:
            chip = TagChip(tag, self.tags_box)
            self.tags_layout.add_widget(chip)
        self.tags_box.setVisible(bool(tags))
        self.tags_layout.invalidate()

    def _fill_banner(self, card: Card) -> None:
        if card.deleted_at is None:
            self.banner.hide()
            return
        when = QLocale().toString(_local(card.deleted_at), QLocale.FormatType.ShortFormat)
        self.banner_label.setText(
            self.tr(
                "This card is in the trash (deleted %1). Restore it to work with it again."
            ).replace("%1", when)
        )
        self.banner.show()

    # ------------------------------------------------------------ fields

    def _fill_details(self, result: _Loaded) -> None:
        card = result.card
        details = QWidget()
        details.setObjectName("cardDetails")
        box = QVBoxLayout(details)
        box.setContentsMargins(16, 8, 16, 14)
        box.setSpacing(6)

        contacts = _Form(details, box, self.tr("Contacts"), "cardContacts", self._label_width)
        if card.phones:
            contacts.add(self.tr("Phones"), self._phones_widget(card.phones, details))
        if card.emails:
            contacts.add(self.tr("Emails"), self._emails_widget(card.emails, details))
        if card.website:
            contacts.add(self.tr("Website"), self._website_label(card.website, details))
        contacts.add_text(self.tr("City"), card.city, "cardCity")
        contacts.add_text(self.tr("Address"), card.address, "cardAddress")
        if not contacts.rows:
            hint = QLabel(
                self.tr("No phones or emails yet. Use Edit to add them."),
                details,
            )
            hint.setObjectName("cardNoContacts")
            hint.setWordWrap(True)
            _mute(hint)
            contacts.add_spanning(hint)
        contacts.finish()

        facts = _Form(details, box, self.tr("Details"), "cardFacts", self._label_width)
        if isinstance(card, OrganizationCard):
            facts.add_text(self.tr("INN"), card.inn, "cardInn")
            facts.add_text(self.tr("KPP"), card.kpp, "cardKpp")
            facts.add_text(self.tr("OGRN"), card.ogrn, "cardOgrn")
            facts.add_text(self.tr("Industry"), card.industry, "cardIndustry")
        else:
            if card.birthday is not None:
                facts.add(self.tr("Birthday"), self._birthday_label(card.birthday, details))
            facts.add_text(self.tr("INN"), card.inn, "cardInn")
        facts.add_text(self.tr("Segment"), card.segment, "cardSegment")
        facts.add_text(self.tr("Source"), card.source, "cardSource")
        facts.finish()

        about = _Form(details, box, self.tr("Interests and notes"), "cardAbout", self._label_width)
        about.add_text(self.tr("Interests"), card.interests, "cardInterests")
        if card.notes and card.notes.strip():
            notes = _value_label(card.notes.strip(), details, "cardNotes")
            notes.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            about.add(self.tr("Notes"), notes)
        about.finish()

        self._people = frozenset()
        if isinstance(card, OrganizationCard):
            self._people = frozenset(p.id for p in card.persons)
            self._add_people(card, result.people_phones, details, box)

        locale = QLocale()
        stamps = QLabel(
            self.tr("Created %1 · Updated %2")
            .replace("%1", locale.toString(_local(card.created_at), QLocale.FormatType.ShortFormat))
            .replace(
                "%2", locale.toString(_local(card.updated_at), QLocale.FormatType.ShortFormat)
            ),
            details,
        )
        stamps.setObjectName("cardStamps")
        stamps.setWordWrap(True)
        font = QFont(stamps.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        stamps.setFont(font)
        _mute(stamps)
        box.addSpacing(10)
        box.addWidget(stamps)
        box.addStretch(1)

        self.details_scroll.setWidget(details)  # the previous details are deleted
        self.details = details

    def _phones_widget(self, phones: tuple[PhoneView, ...], parent: QWidget) -> QWidget:
        box = QWidget(parent)
        box.setObjectName("cardPhones")
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        kinds = {
            PhoneKind.MOBILE: self.tr("mobile"),
            PhoneKind.WORK: self.tr("work"),
            PhoneKind.HOME: self.tr("home"),
            PhoneKind.FAX: self.tr("fax"),
            PhoneKind.OTHER: self.tr("other"),
        }
        invalid_text = self.tr("Not a valid number — kept as typed")
        for phone in phones:
            row = QHBoxLayout()
            row.setSpacing(6)
            number = QLabel(_phone_number_text(phone), box)
            number.setObjectName("cardPhone")
            number.setTextFormat(Qt.TextFormat.PlainText)
            number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            tips: list[str] = []
            if phone.is_valid and phone.e164:
                tips.append(self.tr("E.164: %1").replace("%1", phone.e164))
                if phone.raw and phone.raw != number.text():
                    tips.append(self.tr("As typed: %1").replace("%1", phone.raw))
            else:
                tips.append(invalid_text)
                palette = number.palette()
                palette.setColor(QPalette.ColorRole.WindowText, warning_color(palette))
                number.setPalette(palette)
            if phone.comment:
                tips.append(phone.comment)
            number.setToolTip("\n".join(tips))
            row.addWidget(number)
            if not (phone.is_valid and phone.e164):
                warning = QLabel(box)
                warning.setObjectName("cardPhoneInvalid")
                warning.setPixmap(icon("warning").pixmap(16, 16))
                warning.setToolTip(invalid_text)
                row.addWidget(warning, 0, Qt.AlignmentFlag.AlignVCenter)
            meta_parts = [kinds.get(phone.kind, phone.kind.value)]
            if phone.extension:
                meta_parts.append(self.tr("ext. %1").replace("%1", phone.extension))
            if phone.comment:
                meta_parts.append(phone.comment)
            meta = ElidedLabel(" · ".join(meta_parts), box)
            meta.setObjectName("cardPhoneMeta")
            _mute(meta)
            row.addWidget(meta, 1)
            rows.addLayout(row)
        return box

    def _emails_widget(self, emails: tuple[EmailView, ...], parent: QWidget) -> QWidget:
        kinds = {
            EmailKind.WORK: self.tr("work"),
            EmailKind.PERSONAL: self.tr("personal"),
            EmailKind.OTHER: self.tr("other"),
        }
        box = QWidget(parent)
        box.setObjectName("cardEmails")
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        for email in emails:
            row = QHBoxLayout()
            row.setSpacing(8)
            link = ElidedLabel(
                email.address,
                box,
                href=f"mailto:{email.address}",
                mode=Qt.TextElideMode.ElideMiddle,
            )
            link.setObjectName("cardEmail")
            link.set_tip(self.tr("Write an email"))
            kind = QLabel(kinds.get(email.kind, email.kind.value), box)
            kind.setObjectName("cardEmailKind")
            _mute(kind)
            row.addWidget(link)
            row.addWidget(kind)
            row.addStretch(1)
            rows.addLayout(row)
        return box

    def _website_label(self, website: str, parent: QWidget) -> QLabel:
        site = website.strip()
        href = site if "://" in site else f"https://{site}"
        label = ElidedLabel(site, parent, href=href, mode=Qt.TextElideMode.ElideMiddle)
        label.setObjectName("cardWebsite")
        return label

    def _birthday_label(self, birthday: date, parent: QWidget) -> QLabel:
        day = QDate(birthday.year, birthday.month, birthday.day)
        text = QLocale().toString(day, "d MMMM yyyy")
        today = date.today()
        age = (
            today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))
        )
        if 0 < age < 130:
            text = self.tr("%1 (age %2)").replace("%1", text).replace("%2", str(age))
        return _value_label(text, parent, "cardBirthday")

    def _add_people(
        self,
        card: OrganizationCard,
        phones: dict[int, PhoneView],
        parent: QWidget,
        box: QVBoxLayout,
    ) -> None:
        heading = QLabel(
            self.tr("People (%1)").replace("%1", str(len(card.persons))).upper(), parent
        )
        heading.setObjectName("cardSection")
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        heading.setFont(font)
        _mute(heading)
        box.addSpacing(10)
        box.addWidget(heading)
        people = QWidget(parent)
        people.setObjectName("cardPeople")
        rows = QVBoxLayout(people)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(0)
        if not card.persons:
            none = QLabel(self.tr("Nobody from this organization yet."), people)
            none.setObjectName("cardNoPeople")
            _mute(none)
            rows.addWidget(none)
        for person in card.persons[:PEOPLE_SHOWN]:
            row = _PersonRow(person, phones.get(person.id), people)
            row.clicked.connect(self._open_person)
            rows.addWidget(row)
        rest = len(card.persons) - PEOPLE_SHOWN
        if rest > 0:
            more = QLabel(self.tr("…and %1 more").replace("%1", str(rest)), people)
            _mute(more)
            rows.addWidget(more)
        box.addWidget(people)

    # ------------------------------------------------------------ layout

    def _fit_splitter(self) -> None:
        """Give the fields what they need (up to half), the timeline the rest."""
        if self._user_sized or self.details is None:
            return
        total = self.splitter.height()
        if total <= 0:
            return
        width = self.details_scroll.viewport().width() or self.width()
        layout = self.details.layout()
        need = (
            layout.totalHeightForWidth(width)
            if layout is not None and layout.hasHeightForWidth()
            else self.details.sizeHint().height()
        )
        need += 2
        top = max(60, min(need, int(total * 0.5)))
        self.splitter.setSizes([top, total - top])

    @Slot(int, int)
    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_sized = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        compact = 0 < self.width() < COMPACT_WIDTH
        if compact != self._compact:
            self._set_compact(compact)
        self._fit_header_buttons()
        if self._last is not None:
            QTimer.singleShot(0, self._fit_splitter)

    def _fit_header_buttons(self) -> None:
        """Plan activity and New deal show only their icons when the name needs the room."""
        if self._compact:
            return
        labels = (
            (self.plan_button, self.tr("Plan activity")),
            (self.new_deal_button, self.tr("New deal")),
        )
        for button, text in labels:
            button.setText(text)
        box = self._header_box
        margins = box.contentsMargins()
        title = self.title_label.sizeHint().width()
        if self.star.isVisibleTo(self):
            title += self.star.sizeHint().width() + 8
        buttons = sum(
            b.sizeHint().width() for b in (self.plan_button, self.new_deal_button, self.edit_button)
        )
        spare = self.width() - margins.left() - margins.right() - 4 * box.spacing()
        if self._avatar_size + title + buttons > spare:
            for button, _text in labels:
                button.setText("")

    def _set_compact(self, compact: bool) -> None:
        """A narrow pane: a smaller avatar and title, and Edit as an icon button."""
        self._compact = compact
        self._avatar_size = 40 if compact else 52
        self._label_width = 84 if compact else LABEL_WIDTH
        self._header_box.setContentsMargins(*((12, 12, 12, 8) if compact else (16, 14, 16, 10)))
        self._header_box.setSpacing(10 if compact else 14)
        self.avatar.setFixedSize(self._avatar_size, self._avatar_size)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * (1.25 if compact else 1.55))
        self.title_label.setFont(font)
        self.edit_button.setText("" if compact else self.tr("Edit"))
        self.new_deal_button.setText("" if compact else self.tr("New deal"))
        self.plan_button.setText("" if compact else self.tr("Plan activity"))
        if self._last is not None:
            self._fill_header(self._last.kind, self._last.card)
            self._fill_details(self._last)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()
        elif self._last is not None:
            QTimer.singleShot(0, self._fit_splitter)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "banner"):
            self._style_banner()
            if self._last is not None:
                last = self._last
                self._fill_header(last.kind, last.card)
                self._fill_details(last)

    # ------------------------------------------------------------ reacting

    @Slot()
    def _on_edit(self) -> None:
        if self._current is not None:
            self.edit_requested.emit(*self._current)

    @Slot()
    def _on_new_deal(self) -> None:
        if self._current is None:
            return
        kind, entity_id = self._current
        if kind is EntityKind.ORGANIZATION:
            new_deal(self.ctx, self, organization_id=entity_id)
        else:
            new_deal(self.ctx, self, person_id=entity_id)

    @Slot()
    def _on_plan_activity(self) -> None:
        """The activity editor, the client filled in (a call at the next half hour)."""
        if self._current is None:
            return
        from crm_desktop.gui.activities.actions import new_activity
        from crm_desktop.gui.activities.editor import planned_input

        kind, entity_id = self._current
        if kind is EntityKind.ORGANIZATION:
            new_activity(self.ctx, self, planned_input(self.ctx, organization_id=entity_id))
        else:
            new_activity(self.ctx, self, planned_input(self.ctx, person_id=entity_id))

    @Slot(QModelIndex)
    def _open_timeline_entry(self, index: QModelIndex) -> None:
        """A double-clicked activity of the history opens in its editor."""
        entry = index.data(ENTRY_ROLE)
        if (
            isinstance(entry, TimelineEntry)
            and entry.kind == "activity"
            and entry.activity_id is not None
        ):
            from crm_desktop.gui.activities.actions import open_activity

            open_activity(self.ctx, self, entry.activity_id, entry.at)

    @Slot()
    def _restore(self) -> None:
        if self._current is None:
            return
        kind, entity_id = self._current
        ws = self.ctx.ws
        self.restore_button.setEnabled(False)
        # an organization comes back with the people trashed with it
        also = (EntityKind.PERSON,) if kind is EntityKind.ORGANIZATION else ()

        def done(_result: None) -> None:
            self.restore_button.setEnabled(True)
            self.ctx.notify(Changes.of((kind, entity_id), kinds=also))

        def failed(exc: BaseException, details: str) -> None:
            self.restore_button.setEnabled(True)
            self.ctx.show_error(exc, details)

        self.ctx.run(
            lambda _progress: contacts_service.restore(ws, kind, entity_id),
            done,
            on_failure=failed,
        )

    @Slot(str)
    def _on_subtitle_link(self, link: str) -> None:
        card = self._last.card if self._last is not None else None
        if link == "organization" and isinstance(card, PersonCard) and card.organization_id:
            self.open_requested.emit(EntityKind.ORGANIZATION, card.organization_id)

    @Slot(int)
    def _open_person(self, person_id: int) -> None:
        self.open_requested.emit(EntityKind.PERSON, person_id)

    def _affected(self, changes: Changes) -> bool:
        if self._current is None:
            return False
        kind, entity_id = self._current
        touched = {k for k, _ in changes.records}

        def all_of(k: EntityKind) -> bool:  # a kind changed as a whole ("everything")
            return k in changes.kinds and k not in touched

        if (kind, entity_id) in changes.records or all_of(kind):
            return True
        if changes.kinds & _TIMELINE_KINDS:
            return True  # an activity, note or deal may be on this card's timeline
        card = self._last.card if self._last is not None else None
        if isinstance(card, OrganizationCard):
            return all_of(EntityKind.PERSON) or any(
                (EntityKind.PERSON, p) in changes.records for p in self._people
            )
        if isinstance(card, PersonCard) and card.organization_id is not None:
            return (EntityKind.ORGANIZATION, card.organization_id) in changes.records or all_of(
                EntityKind.ORGANIZATION
            )
        return False

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if not self._affected(changes):
            return
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True  # reloaded when shown
