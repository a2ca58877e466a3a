"""The side-by-side view: two trace panes, shared-passage highlights, the link map of aligned steps,
overview strips, linked scrolling and find. Handed what it draws; computes nothing itself."""
