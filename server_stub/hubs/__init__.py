"""Information hubs: who keeps the company's information moving (docs/hubs.md).

- inputs.py: the interactions over the window, read from the server's own tables
- units.py: units rolled up to at least the minimum group size, the unit map, gaps
- scores.py: the person graph and its scores (networkx)
- compute.py: scores and unit map to hubs with their reasons (pure, on Inputs)
- publish.py: results to records, with consent and who may see what
- run.py: compute and publish, for kontor-server hubs compute and the nightly task
"""
