"""Innovation registry and competition pipeline (issue 18)."""
