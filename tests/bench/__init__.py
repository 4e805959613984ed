"""`make bench`: the numbers from DESIGN.md, measured in one run on this machine."""
