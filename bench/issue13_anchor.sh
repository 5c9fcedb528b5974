#!/usr/bin/env bash
# Issue 13's delivery target as a same-run ratio: the code as the issue found
# it (ANCHOR, default 81b9640: one request in flight per stream, before the
# engine's restructuring) and this checkout's delivery_bench, alternating, each
# shipping to the same sink in another process (this checkout's `cwlog local
# --discard`). The issue measured the anchor at about 1.55 CPU-s per million
# events and asks for at most 0.67: a ratio of at most 0.43 on any machine.
#
#   bench/issue13_anchor.sh [PAIRS] [ROWS]     # ROWS: "1 streams 4" (default) or "1 message"
#
# The anchor's tree has no benchmark with an external sink, so one is made
# from this checkout's delivery_bench.cpp and bench_support.h's local_sink: the
# same rows, counted the same way (getrusage of the shipping process). It
# builds in a worktree under ${TMPDIR:-/tmp}; nothing of it is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-6}
rows=${2:-1 streams 4}
anchor=${ANCHOR:-81b9640}
here=$PWD
src=${TMPDIR:-/tmp}/cwlog-anchor-$anchor
if [[ ! -d $src ]]; then
  git worktree add --detach "$src" "$anchor" >/dev/null
fi

# The anchor's delivery_bench: this checkout's, with the local_sink class and
# the CPU counters of bench_support.h pasted in, and what the anchor lacks
# (per-stream parallel puts, the shipper factory) taken out.
python3 - "$here" "$src" <<'EOF'
import sys
here, src = sys.argv[1], sys.argv[2]
bench = open(f"{here}/bench/delivery_bench.cpp").read()
support = open(f"{here}/bench/bench_support.h").read()
def between(text, start, end):
    a = text.index(start)
    return text[a:text.index(end, a)]
sink = between(support, "// `cwlog local --memory --discard --admin` as a child process", "inline options shipper_options")
counters = between(support, "// CPU seconds used so far by the whole process", "// Peak resident set size")
edits = [
    ('#include "bench_support.h"\n',
     "#include <fcntl.h>\n#include <signal.h>\n#include <sys/resource.h>\n#include <sys/wait.h>\n"
     "#include <time.h>\n#include <unistd.h>\n\n#include <cstdlib>\n\n"
     '#include "bench_support.h"\n#include "http/curl_transport.h"\n\n'
     "namespace cwlog::bench {\n" + sink + counters + "}  // namespace cwlog::bench\n"),
    ("std::size_t per_stream = cwlog::shipping_options{}.max_in_flight_per_stream;", "std::size_t per_stream = 1;"),
    ("bench::local_sink sink(CWLOG_CLI_PATH, sink_args);", 'bench::local_sink sink(std::getenv("CWLOG_SINK"), sink_args);'),
    ("  o.shipping.max_in_flight_per_stream = per_stream;\n", ""),
    ("  auto owned = detail::make_shipper(o, bench::local_deps());\n  shipper& s = *owned;\n",
     "  shipper s(o, bench::local_deps());\n"),
]
for old, new in edits:
    if old not in bench:
        sys.exit(f"issue13_anchor.sh: delivery_bench.cpp changed; update the edit of: {old.strip()}")
    bench = bench.replace(old, new)
open(f"{src}/bench/delivery_bench.cpp", "w").write(bench)
EOF

"$src/scripts/build.sh" "$src/build" -DCMAKE_BUILD_TYPE=Release -- delivery_bench
scripts/build.sh build -DCWLOG_WERROR=ON -DCMAKE_BUILD_TYPE=Release -- delivery_bench cwlog_cli

out=$(mktemp)
export CWLOG_SINK=$here/build/bin/cwlog
for ((i = 0; i < pairs; i++)); do
  # shellcheck disable=SC2086 # rows are separate arguments
  "$src/build/bench/delivery_bench" $rows | grep 'events=' | sed "s/^/anchor $i | /" | tee -a "$out"
  # shellcheck disable=SC2086
  build/bench/delivery_bench $rows | grep 'events=' | sed "s/^/head $i | /" | tee -a "$out"
done

python3 - "$out" <<'EOF'
import re, statistics, sys, collections
runs = collections.defaultdict(lambda: collections.defaultdict(dict))
for line in open(sys.argv[1]):
    m = re.match(r"(\w+) (\d+) \| (.*?)\s+events=\d+\s+(\d+) events/s.*?\bcpu_s_per_M=([\d.]+)", line)
    if m:
        runs[m.group(3)][m.group(1)][int(m.group(2))] = (float(m.group(5)), int(m.group(4)))
print("\nrow | CPU-s per M anchor -> head (median) | ratio (median of pairs; range) | events/s anchor -> head")
for row, by in runs.items():
    pairs = sorted(set(by["anchor"]) & set(by["head"]))
    ratios = [by["head"][i][0] / by["anchor"][i][0] for i in pairs]
    med = lambda who, k: statistics.median(by[who][i][k] for i in pairs)
    print(f"{row} | {med('anchor', 0):.3f} -> {med('head', 0):.3f} | {statistics.median(ratios):.3f}; "
          f"{min(ratios):.3f}-{max(ratios):.3f} | {med('anchor', 1):,.0f} -> {med('head', 1):,.0f}")
print("issue 13: CPU ratio <= 0.43 (0.67 / 1.55)")
EOF
rm -f "$out"
