"""Read-only JSON API for provincial and national reporting systems (/api/v1/)."""
