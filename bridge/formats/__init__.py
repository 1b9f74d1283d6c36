"""Pure renderers of every output format: results, records, contacts, packs and the evidence
map in, text or bytes out."""
