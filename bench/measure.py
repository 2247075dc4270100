"""Run report-convert in this process; print wall seconds and peak RSS as JSON on stdout.

Usage: python bench/measure.py [report-convert arguments...]
"""
import json
import resource
import sys
import time

from convert.cli import main

start = time.perf_counter()
code = main(sys.argv[1:])
wall = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"code": code, "wall": wall, "peak_mb": max(peak_mb, children_mb)}))
