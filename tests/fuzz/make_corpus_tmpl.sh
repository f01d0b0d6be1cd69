#!/bin/sh
# Seeds tests/fuzz/corpus/fuzz_tmpl/ from the mustache spec in tests/spec/mustache: one
# file per spec test, TEMPLATE NUL DATA-JSON (the input format of fuzz_tmpl.c). Needs python3.
# Usage: sh tests/fuzz/make_corpus_tmpl.sh [SPEC_DIR]
spec_dir=${1:-tests/spec/mustache}
out=tests/fuzz/corpus/fuzz_tmpl
mkdir -p "$out"
python3 - "$spec_dir" "$out" <<'PY'
import json, os, sys
spec, out = sys.argv[1], sys.argv[2]
n = 0
for f in sorted(os.listdir(spec)):
    if not f.endswith('.json') or 'lambdas' in f:
        continue
    for i, t in enumerate(json.load(open(os.path.join(spec, f), encoding='utf-8'))['tests']):
        blob = t['template'].encode() + b'\0' + json.dumps(t['data']).encode()
        open(os.path.join(out, '%s-%02d' % (f[:-5].lstrip('~'), i)), 'wb').write(blob)
        n += 1
        for name, text in (t.get('partials') or {}).items():
            open(os.path.join(out, '%s-%02d-%s' % (f[:-5].lstrip('~'), i, name)), 'wb').write(text.encode())
            n += 1
print('wrote %d seeds to %s' % (n, out))
PY
