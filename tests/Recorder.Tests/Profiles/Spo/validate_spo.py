#!/usr/bin/python3
"""Validates SPO SeccompProfile documents against a CRD's openAPIV3Schema (see README.md).

Usage: validate_spo.py CRD PROFILE...  Exit 0 when every profile is valid; else 1, one line per error on stdout.
"""
import copy
import sys

import jsonschema
import yaml

INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def strict(schema):
    """The structural schema as JSON Schema that refuses what the API server would prune, repeat or overflow."""
    schema = copy.deepcopy(schema)
    for key in ("properties",):
        if key in schema:
            schema[key] = {name: strict(sub) for name, sub in schema[key].items()}
    if "items" in schema:
        schema["items"] = strict(schema["items"])
    if schema.get("type") == "object" and "properties" in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
        schema.setdefault("additionalProperties", False)
    if schema.get("x-kubernetes-list-type") == "set":
        schema["uniqueItems"] = True
    if schema.get("type") == "integer" and schema.get("format") in INT_BOUNDS:
        low, high = INT_BOUNDS[schema["format"]]
        schema["minimum"] = max(schema.get("minimum", low), low)
        schema["maximum"] = min(schema.get("maximum", high), high)
    return schema


def main(crd_path, profile_paths):
    with open(crd_path, encoding="utf-8") as f:
        crd = yaml.safe_load(f)
    spec = crd["spec"]
    versions = {v["name"]: v for v in spec["versions"] if v.get("served")}
    errors = []
    for path in profile_paths:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, dict):
            errors.append(f"{path}: not a mapping")
            continue
        group, _, version = str(doc.get("apiVersion", "")).partition("/")
        if group != spec["group"] or version not in versions:
            errors.append(f"{path}: apiVersion {doc.get('apiVersion')!r} is not served ({sorted(versions)} of {spec['group']})")
            continue
        if doc.get("kind") != spec["names"]["kind"]:
            errors.append(f"{path}: kind {doc.get('kind')!r} is not {spec['names']['kind']}")
        schema = strict(versions[version]["schema"]["openAPIV3Schema"])
        # metadata is an ObjectMeta the CRD leaves open: a cluster-scoped object has a name and no namespace.
        metadata = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}}}
        if spec["scope"] == "Cluster":
            metadata["not"] = {"required": ["namespace"]}
        schema["properties"]["metadata"] = metadata
        validator = jsonschema.Draft7Validator(schema)
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"{path}: {version}: /{where}: {error.message}")
    for error in errors:
        print(error)
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
