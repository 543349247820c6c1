"""`kontor-server import`: the company directory from HR's export, loaded again and again.

file_format.py reads and checks the file, importer.py plans and writes the changes,
accounts.py links people to sign-in accounts, managers.py derives who reports to whom,
summary.py says what a run did.
"""
