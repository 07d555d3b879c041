#!/usr/bin/python3
"""Validates JSON messages against the JSON Schemas of proto/schemas/ (draft 2020-12), for test_proto.

    check_schemas.py MANIFEST RESULTS

MANIFEST is a JSON file: {"schema_dir": DIR, "cases": [{"name": N, "schema": S, "instance": PATH}, ...]}; each
case is validated against DIR/S.schema.json. Every schema file in DIR is also checked against the draft 2020-12
meta-schema. RESULTS receives {"schemas": [{"name", "valid", "errors"}], "results": [{"name", "valid",
"errors"}]}; the caller decides what is expected. Exit status: 0 when every case was checked (valid or not),
2 when the checker itself could not run (bad manifest, unreadable file, jsonschema missing).
"""
import glob
import json
import os
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError as e:  # Debian: python3-jsonschema
    print(f"check_schemas: jsonschema is missing ({e}); install python3-jsonschema", file=sys.stderr)
    sys.exit(2)

MAX_MESSAGE = 300  # an error about a 2 MB envelope would otherwise quote all of it


def describe(error):
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    message = error.message if len(error.message) <= MAX_MESSAGE else error.message[:MAX_MESSAGE] + "..."
    return f"{where}: {message}"


def check_schema_files(schema_dir):
    checked = []
    for path in sorted(glob.glob(os.path.join(schema_dir, "*.schema.json"))):
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        errors = [describe(e) for e in Draft202012Validator(Draft202012Validator.META_SCHEMA).iter_errors(schema)]
        checked.append({"name": os.path.basename(path), "valid": not errors, "errors": errors[:5]})
    return checked


def validate_cases(schema_dir, cases):
    validators = {}
    results = []
    for case in cases:
        name = case["schema"]
        if name not in validators:
            with open(os.path.join(schema_dir, name + ".schema.json"), encoding="utf-8") as f:
                validators[name] = Draft202012Validator(json.load(f))
        with open(case["instance"], encoding="utf-8") as f:
            instance = json.load(f)
        errors = sorted(describe(e) for e in validators[name].iter_errors(instance))
        results.append({"name": case["name"], "valid": not errors, "errors": errors[:5]})
    return results


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            manifest = json.load(f)
        schema_dir = manifest["schema_dir"]
        output = {"schemas": check_schema_files(schema_dir),
                  "results": validate_cases(schema_dir, manifest["cases"])}
        with open(argv[2], "w", encoding="utf-8") as f:
            json.dump(output, f, indent=1)
    except (OSError, ValueError, KeyError) as e:
        print(f"check_schemas: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
