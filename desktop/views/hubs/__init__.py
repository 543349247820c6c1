"""The Hubs screen: who keeps the company's information moving (docs/hubs.md)."""
