"""The operations kit of kontor-server: backup, restore, check, the serve lock."""
