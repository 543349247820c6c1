"""Who does what: who handles a topic today, the register of every duty, and the
responsibility editor."""
