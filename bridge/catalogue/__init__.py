"""Reading and writing the catalogue folder: the only code that touches its files."""
