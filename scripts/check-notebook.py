#!/usr/bin/env python3
"""Validates a notebook written by `fleetsim export notebook` (nbformat) and executes it headless
(nbclient, from the notebook's directory); fails on any cell error or if fewer than MIN figures
come out. With --save, writes the executed notebook (outputs included) back in place.

    python3 scripts/check-notebook.py notebooks-export/mixed-fleet.ipynb [MIN] [--save]
"""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

args = [a for a in sys.argv[1:] if not a.startswith("--")]
path = pathlib.Path(args[0]).resolve()
minimum = int(args[1]) if len(args) > 1 else 1
notebook = nbformat.read(path, as_version=4)
nbformat.validate(notebook)
NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
errors = [o for o in outputs if o.get("output_type") == "error"]
figures = sum(1 for o in outputs if "image/png" in o.get("data", {}))
if errors:
    sys.exit(f"check-notebook: {path.name}: a cell failed: {errors[0].get('ename')}: {errors[0].get('evalue')}")
if figures < minimum:
    sys.exit(f"check-notebook: {path.name}: {figures} figures; expected at least {minimum}")
if "--save" in sys.argv:
    nbformat.write(notebook, path)
print(f"check-notebook: {path.name} is valid nbformat {notebook.nbformat}.{notebook.nbformat_minor}, "
      f"ran without errors and drew {figures} figures")
