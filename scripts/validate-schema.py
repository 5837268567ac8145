#!/usr/bin/env python3
"""Validates YAML rule files against schema/redirects.schema.json, the way an editor with a YAML
language server would. Prints one line per problem; exit 1 when any file is invalid.

Usage: scripts/validate-schema.py FILE.yaml...
"""
import json
import os
import sys

import jsonschema
import yaml


class NoDatesLoader(yaml.SafeLoader):
    """YAML 1.2 reads timestamps as strings, as Detour does; PyYAML (1.1) would make datetimes."""


NoDatesLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(root, "schema", "redirects.schema.json")) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[1:]:
    with open(path) as f:
        doc = yaml.load(f, Loader=NoDatesLoader)
    for error in validator.iter_errors(doc):
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{path}: {where}: {error.message}")
        bad += 1
sys.exit(1 if bad else 0)
