"""ledgerlint: a compliance linter for law-firm books (Clio Manage + QuickBooks Online)."""

__version__ = "0.1.0"
