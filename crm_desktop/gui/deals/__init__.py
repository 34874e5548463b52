"""The deals part of the window: the sales funnel as a kanban board and as a list.

``board`` holds the one item model of the board (``DealsModel``) with a thin model per
stage column, the card delegate and the column widgets; ``list_view`` is the sortable
table over the same model; ``close_dialogs`` asks for the outcome of a won or lost deal;
``page`` puts them together with the pipeline choice, the filters and the toolbar.
"""
