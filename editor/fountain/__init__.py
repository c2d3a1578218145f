"""Everything Screenwright knows about Fountain, in pure Python (no Qt)."""
