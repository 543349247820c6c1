"""People: the directory list and the person card."""
