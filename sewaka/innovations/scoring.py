"""Pure scoring engine of a competition proposal (no Django). Filled by issue 18 item 5."""
