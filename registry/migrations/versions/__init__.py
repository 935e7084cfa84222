"""Revision scripts (one file per revision; ``down_revision`` chains them)."""
