"""Names shared by the CLI and the GUI without importing Qt."""

SCREENSHOT_VIEWS = (
    "contacts",
    "card",
    "deals",
    "deal-won",
    "deal-lost",
    "calendar",
    "tasks",
    "reports",
    "trash",
    "duplicates",
    "merge",
    "first-start",
)
