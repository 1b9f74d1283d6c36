"""The review queue: records a visitor submits wait here until a curator approves one (it is
then written into the catalogue) or rejects it. The public app never writes the catalogue."""
