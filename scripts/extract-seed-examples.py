#!/usr/bin/env python3
"""Prints every JSON request body found in the seed pages, one JSON line each:
{"page": file, "index": n, "event_type": ..., "body": {...}}.

Used once to write tests/vectors/seeds/*.json; kept so the vectors' provenance can be checked:
    python3 scripts/extract-seed-examples.py ../shared/seeds
"""
import json
import pathlib
import sys


def objects(text):
    """Every top-level {...} that parses as JSON, by brace matching outside strings."""
    i = 0
    while True:
        start = text.find("{", i)
        if start < 0:
            return
        depth, in_str, esc = 0, False, False
        for j in range(start, len(text)):
            c = text[j]
            if in_str:
                if esc:
                    esc = False
                elif c == "\\":
                    esc = True
                elif c == '"':
                    in_str = False
            elif c == '"':
                in_str = True
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    try:
                        yield start, json.loads(text[start : j + 1])
                        i = j + 1
                    except json.JSONDecodeError:
                        i = start + 1
                    break
        else:
            return


def main(seeds):
    for page in sorted(pathlib.Path(seeds).glob("*.txt")):
        text = page.read_text()
        for n, (offset, obj) in enumerate(objects(text)):
            if not isinstance(obj, dict) or "data" not in obj:
                continue
            data = obj["data"]
            kind = data.get("type") if isinstance(data, dict) else None
            event_type = (data.get("attributes") or {}).get("event_type") if isinstance(data, dict) else None
            print(json.dumps({"page": page.name, "offset": offset, "type": kind, "event_type": event_type, "body": obj}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
