"""The contact base: tree, card, editors, duplicates."""
