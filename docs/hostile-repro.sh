#!/bin/bash
# usage: repro.sh SRC_DIR OUT_FILE : runs each owned finding's reproduction (reliability-findings.md) with SRC_DIR's code
SRC=$1; OUT=$2; export PYTHONPATH=$SRC; NF="nice /work/main/.venv/bin/newsfuse"; PY=/work/main/.venv/bin/python
T=$(mktemp -d); cd /work/main
r() { echo "### $1"; }
{
r H4; echo '{"id":"rm1","title":"Storm [/] hits coast","text":"A powerful storm hit the coast on Monday, officials said. Thousands of homes lost power as winds reached 120 km/h."}' > $T/a.jsonl
$NF -q --db $T/m.db ingest $T/a.jsonl; $NF --db $T/m.db articles 2>&1 | grep -E "Storm|Error|Traceback" | head -3; echo rc=${PIPESTATUS[0]}
$NF --db $T/m.db stories 2>&1 | grep -E "s-|Error|Traceback" | head -3
r H5; printf 'Storm hits coast\n\nA powerful storm hit the coast on Monday, officials said.\n' > $T/storm.txt
$PY -c "
import json; T='A powerful storm hit the coast on Monday, officials said. Thousands lost power.'
print(json.dumps({'id':'before','text':T})); print('{\"id\":\"bad\",\"text\":\"x\",\"n\":1' + '0'*5000 + '}'); print(json.dumps({'id':'after','text':T+' Again.'}))" > $T/bigint.jsonl
$PY -c "print('{\"id\":\"deep\",\"text\":\"abc def.\",\"x\":' + '['*100000 + '1' + ']'*100000 + '}')" > $T/deep.jsonl
$NF --db $T/j.db ingest $T/storm.txt $T/bigint.jsonl 2>&1 | grep -E "error|Error|new" | head -3; $NF --db $T/j.db articles --json | grep -c '"id"'
$NF --db $T/j2.db ingest $T/deep.jsonl 2>&1 | grep -E "error|Error" | head -2
r H6; $PY - $T/hdrbomb.warc.gz 256 <<'PY'
import sys, zlib
c = zlib.compressobj(9, zlib.DEFLATED, 31)
parts = [c.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ")]
for _ in range(int(sys.argv[2])): parts.append(c.compress(b"A" * (1 << 20)))
parts.append(c.compress(b"\r\n\r\n")); parts.append(c.flush())
open(sys.argv[1], "wb").write(b"".join(parts))
PY
/usr/bin/time -f "maxrss %M KB, %e s" $NF --db $T/w.db ingest $T/hdrbomb.warc.gz 2>&1 | grep -E 'error:|maxrss|Error'
r H7; for s in "siteA|Storm hits coast|A powerful storm hit the coast on Monday, officials said. Thousands of homes lost power as winds reached 120 km/h." \
         "siteB|Central bank raises rates|The central bank raised its main interest rate by half a point on Thursday, citing stubborn inflation. Markets fell sharply." \
         "siteC|Team wins championship|The home team won the national championship on Sunday after a dramatic overtime goal. Fans poured into the streets."; do
  IFS='|' read d t x <<< "$s"; mkdir -p $T/in7/$d
  echo "<html><head><title>$t</title></head><body><article><h1>$t</h1><p>$x</p><p>$x</p></article></body></html>" > $T/in7/$d/index.html
done
$NF --db $T/c.db ingest $T/in7 2>&1 | tail -1; $NF --db $T/c.db articles --json | grep '"id"'
r M1; mkdir $T/in1; cp examples/articles/000_*.txt $T/in1/a.txt; mkfifo $T/in1/pipe.txt
timeout 20 $NF --db $T/f.db ingest $T/in1 2>&1 | head -2; echo rc=${PIPESTATUS[0]}; $NF --db $T/f.db articles --json 2>&1 | grep -c '"id"'
r M2; mkdir -p $T/in2/locked; cp examples/articles/000_*.txt $T/in2/top.txt; cp examples/articles/001_*.txt $T/in2/locked/inner.txt; chmod 000 $T/in2/locked
D="setpriv --bounding-set=-dac_override,-dac_read_search --inh-caps=-dac_override,-dac_read_search"
$D $NF --db $T/u.db ingest $T/in2 2>&1 | tail -2; echo rc=${PIPESTATUS[0]}
chmod 000 $T/in2; $D $NF --db $T/u2.db ingest $T/in2 2>&1 | tail -2; chmod 755 $T/in2 $T/in2/locked
r M3; mkdir $T/in3; cp examples/articles/*.txt $T/in3/; cp examples/articles/001_c3cc268cb8b335a2.txt $T/in3/reprint_001.txt
$NF --db $T/s3.db ingest $T/in3 2>&1 | tail -1; $NF --db $T/s3.db ingest $T/in3 2>&1 | tail -1; $NF --db $T/s3.db ingest $T/in3 2>&1 | tail -1
r M4; mkdir $T/in4; cp examples/articles/003_9ccd3c76824c756c.txt $T/in4/orig.txt
$PY - $T/in4 <<'PY'
import random, sys
r = random.Random(2); src = open(sys.argv[1] + "/orig.txt", encoding="utf-8").read()
open(sys.argv[1] + "/copy_zw.txt", "w").write("".join(ch + ("\u200b" if ch.isalpha() and r.random() < 0.35 else "") for ch in src))
PY
$NF -q --db $T/z.db ingest $T/in4; $NF --db $T/z.db show copy_zw --json | $PY -c "import json,sys; print(json.load(sys.stdin)['title'])"
r L1; $PY -c "s='Café crème in Zürich. '*30; open('$T/mixed.txt','wb').write(s.encode()+s.encode('cp1252'))"; $NF -q --db $T/x.db ingest $T/mixed.txt; $NF --db $T/x.db show mixed --json | $PY -c "import json,sys; t=json.load(sys.stdin)['text']; print(t[:40], '...', t[-40:])"
r L2; $PY -c "S='The minister said on Tuesday that the government would spend \$4.2 billion on new roads. '*5; print('<html><head><title>Deep</title></head><body>'+'<div>'*300+'<p>'+S+'</p>'+'</div>'*300+'<p>'+S+'</p></body></html>')" > $T/deep.html; $NF --db $T/d.db ingest $T/deep.html 2>&1 | tail -1
r L5; $NF -q --db $T/n.db ingest $T/storm.txt; $PY -c "import sqlite3; c=sqlite3.connect('$T/n.db'); c.execute(\"INSERT INTO schema_migrations VALUES('0099_x','2030-01-01')\"); c.execute('ALTER TABLE articles RENAME COLUMN text TO body'); c.commit()"; $NF --db $T/n.db articles 2>&1 | tail -1
r L9; printf '%s\n' '{"id":"esc1","title":"Storm \u001b]0;PWNED\u001b\\ hits \u001b[2J coast","text":"A powerful storm hit the coast on Monday, officials said. Thousands of homes lost power."}' > $T/e.jsonl; $NF -q --db $T/e.db ingest $T/e.jsonl; $NF --db $T/e.db articles | cat -v | grep esc1
r L11; $NF --db $T/e.db articles --json > /dev/full; echo rc=$?
r L12; $NF --db $T/e.db serve --port 99999 2>&1 | tail -2
r L13; printf '%s\n' '{"id":"d1","text":"A storm hit the coast on Monday, officials said. Homes lost power.","date":"0001-01-01","score":NaN}' > $T/d.jsonl; $NF -q --db $T/dd.db ingest $T/d.jsonl; $NF --db $T/dd.db show d1 --json | grep -E '"date"|score'
} > $OUT 2>&1
rm -rf $T
