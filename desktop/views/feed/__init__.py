"""Feed: every post the user may see, newest first."""
