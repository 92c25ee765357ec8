"""Pure eligibility engine of a competition scheme-year (no Django). Filled by issue 18 item 4."""
