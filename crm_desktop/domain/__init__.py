"""Pure rules and value types. Imports neither SQLAlchemy nor Qt."""
