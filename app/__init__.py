"""Wiring: configuration, use cases and the command-line sub-commands.

This is the only package that imports from `engine`, `sla`, `storage` and `workflows` together.
"""
