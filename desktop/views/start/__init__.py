"""Start here: the first screen of a working day and of a new job, the team lead's
section, the handover digest and the handover wizard."""
