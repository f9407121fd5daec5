"""Writes test/golden/<topic>.json from real PyTorch.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 scripts/golden.py [topic ...]
Each topic is a module scripts/golden/<topic>.py whose generate() returns a JSON-ready dict.
Tests read only the JSON; they never need Python.
"""
import importlib.util
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'golden')
# appended, not prepended: a topic named like a stdlib module (random) must not shadow it
sys.path.append(os.path.join(HERE, 'golden'))


def clean(value):
    """JSON has no NaN or Infinity: write them as strings the test helper decodes."""
    if isinstance(value, float) and not math.isfinite(value):
        return 'NaN' if math.isnan(value) else ('Infinity' if value > 0 else '-Infinity')
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def main(topics):
    if not topics:
        topics = sorted(f[:-3] for f in os.listdir(os.path.join(HERE, 'golden'))
                        if f.endswith('.py') and not f.startswith('_'))
    os.makedirs(OUT, exist_ok=True)
    for topic in topics:
        spec = importlib.util.spec_from_file_location('golden_' + topic, os.path.join(HERE, 'golden', topic + '.py'))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        data = module.generate()
        with open(os.path.join(OUT, topic + '.json'), 'w') as f:
            json.dump(clean(data), f, separators=(',', ':'))
            f.write('\n')
        print('wrote test/golden/%s.json' % topic)


if __name__ == '__main__':
    main(sys.argv[1:])
