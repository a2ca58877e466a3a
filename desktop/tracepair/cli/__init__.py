"""The ``tracepair`` command: opens the window, or runs one subcommand headlessly."""
