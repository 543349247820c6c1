"""IT's managed policy: read from managed.ini (and, on Windows, Group Policy in the
registry), the same way by kontor and kontorctl.

`schema` names every key and how its value reads, `sources` finds and reads the files
and the registry, `servers` holds the list of allowed servers, `model` is the policy a
program asks (`load_policy`).
"""
