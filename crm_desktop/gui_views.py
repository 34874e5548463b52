"""Names shared by the CLI and the GUI without importing Qt."""

SCREENSHOT_VIEWS = (
    "contacts",
    "card",
    "deals",
    "deal-won",
    "deal-lost",
    "deal-editor",
    "pipelines",
    "competitors",
    "calendar",
    "tasks",
    "reports",
    "trash",
    "duplicates",
    "merge",
    "first-start",
)
