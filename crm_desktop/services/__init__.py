"""Use cases over a unit of work. Return plain dataclasses, never ORM objects; no Qt."""
