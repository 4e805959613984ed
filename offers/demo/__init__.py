"""The demo offer of a fictional council, kept as data beside its loader."""
