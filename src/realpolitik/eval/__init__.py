"""Scorers for the public benchmarks; `benchmarks/` runs them and prints the figures."""
