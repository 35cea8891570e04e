"""Parses an OpenMetrics exposition (the file named by argv[1]) with python3-prometheus-client's strict OpenMetrics
parser and prints what it read as one JSON document: [{name, type, unit, help, samples: [[name, labels, value]]}].
Any violation the parser finds is a ValueError: exit 1 with it on stderr."""
import json
import math
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

with open(sys.argv[1], encoding="utf-8", newline="") as f:
    text = f.read()
try:
    families = [
        {
            "name": family.name,
            "type": family.type,
            "unit": family.unit,
            "help": family.documentation,
            "samples": [[s.name, s.labels, s.value if math.isfinite(s.value) else repr(s.value)] for s in family.samples],
        }
        for family in text_string_to_metric_families(text)
    ]
except ValueError as e:
    print(f"openmetrics parser: {e}", file=sys.stderr)
    sys.exit(1)
json.dump(families, sys.stdout)
