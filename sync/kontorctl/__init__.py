"""kontorctl: the company network from a terminal, built on the sync library.

main.py parses the command line and runs the session commands (login, sync, status,
reads, posts, handovers); org.py holds the organisation commands (duties, absences,
job contacts); readout.py turns cache reads into lines and JSON. The library under
sync/ knows nothing of this package.
"""
