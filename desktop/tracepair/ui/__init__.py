"""Qt widgets and charts, thin over ``tracepair.core``."""
