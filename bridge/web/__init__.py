"""Pages on the web: fetching them safely, reading their metadata and references, checking
the catalogue's links."""
