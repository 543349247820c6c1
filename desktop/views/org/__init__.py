"""Org chart: the unit tree, the chart scene, and exporting or printing it."""
