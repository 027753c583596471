"""Benchmarks: baton measured side by side with the tools a team would use instead.

`python -m bench` prints the table kept in BENCHMARKS.md; `python -m bench --smoke`
only checks that every measurement still runs. `bench.generate` builds the data.
"""
