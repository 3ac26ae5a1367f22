"""The command line's sub-command groups, one module each; `cli.py` assembles them."""
