"""Community: how the company uses the network, for community managers (docs/hubs.md)."""
