"""CRM Desktop: an offline desktop CRM for small businesses."""

__version__ = "0.1.0"
