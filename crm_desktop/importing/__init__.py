"""Reading contact files for import: a pure library layer (no Qt, no database).

The pipeline, each step its own module::

    readers.open_workbook(path)          file -> sheets of rows of cell values
    layout.detect_layout(sheet.head())   header row(s), columns
    layout.RowFilter(layout)(rows)       blank, group, total rows skipped
    mapping.suggest_mapping(layout)      columns -> target fields (user-editable, profiles)
    values.RecordReader(mapping)         row -> ImportRecord with warnings
    identity.resolve(records)            in-file identity: organizations, persons, rejected

Everything here imports only `crm_desktop.domain` and `crm_desktop.errors`; the apply
step (services) turns a `Resolution` into database rows.
"""
