"""SQLAlchemy models, engines, unit of work, repositories, search index, migrations."""
