"""Reproducible benchmarks (`make bench`); not run by CI. See bench/README.md."""
