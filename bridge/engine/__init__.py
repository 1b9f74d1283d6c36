"""Ranking: the text index, facets and filters, compiled loops, contacts and gap counts;
fitted once, then only read."""
