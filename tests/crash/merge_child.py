"""The merge a crash test kills: `python -m tests.crash.merge_child DB DATA_DIR SURVIVOR OTHER`.

There is no CLI command for a merge; this is what the duplicates dialog runs
(`services.merge.merge`, organizations), printed as the MERGE change set's id.
"""

from __future__ import annotations

import sys

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.services.merge import merge
from crm_desktop.services.workspace import Workspace


def main() -> None:
    db, data, survivor, other = sys.argv[1:5]
    with Workspace.open(db, paths=AppPaths.resolve(data)) as ws:
        print(merge(ws, EntityKind.ORGANIZATION, int(survivor), int(other)), flush=True)


if __name__ == "__main__":
    main()
