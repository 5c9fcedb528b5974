#!/usr/bin/env bash
# ship_outage.sh CWLOG [OUTAGE_SECONDS] [RECORDS] — the long variant of the
# fault matrix's unreachable case (tests/cli/delivery_matrix_test.sh): records
# fed to `cwlog ship` at about 200 a second while the server is unreachable
# (connection refused) for 2 minutes; 0 may be lost, and the shipper's
# requests during the outage are one probe per backoff step (see the server's
# request count in the summary it prints at exit).
set -uo pipefail
cwlog=$1
outage=${2:-120}
records=${3:-$(((outage + 40) * 200))}
# shellcheck source=tests/cli/delivery_lib.sh
source "$(dirname "$0")/../tests/cli/delivery_lib.sh"

start_local
outage_case outage bench-outage "$records" "$outage"
echo "$passed passed, $failed failed"
((failed == 0))
