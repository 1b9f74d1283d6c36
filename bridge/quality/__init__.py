"""Measuring ranking quality: judged profiles, nDCG and must-see, and a BM25 baseline."""
