#!/usr/bin/env python3
"""Checks the published schemas with a standard validator, as an editor's language server would
use them: each docs/*.schema.json must be valid JSON Schema (draft 2020-12) and accept every
shipped file of its kind that stands on its own (scenarios that `extends` another are partial by
design: FleetSim checks them laid over their base).

    python3 scripts/check-schemas.py        # from the repository root; exit 1 on any problem
"""
import glob
import json
import sys

import jsonschema
import yaml

KINDS = [("docs/scenario.schema.json", "scenarios/*.yaml"),
         ("docs/runbooks.schema.json", "runbooks/*.yaml"),
         ("docs/plan.schema.json", "scenarios/plans/*.yaml")]

failures = 0
for schema_file, pattern in KINDS:
    with open(schema_file) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    checked = 0
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            document = yaml.safe_load(f)
        if isinstance(document, dict) and "extends" in document:
            continue
        checked += 1
        for error in validator.iter_errors(document):
            failures += 1
            print(f"{path}: {'.'.join(map(str, error.path)) or '(top)'}: {error.message}")
    print(f"{schema_file}: valid; {checked} files of {pattern} pass")
sys.exit(1 if failures else 0)
