#!/usr/bin/env bash
# Checks the tracked shell scripts (*.sh and files with a sh/bash shebang).
#   check-shell.sh shellcheck        Debian's shellcheck over every one of them
#   check-shell.sh pipefail [FILE..] no `cmd | grep -q` under `set -o pipefail`
#   check-shell.sh self-test         the pipefail check flags samples it must
#
# Why the pipefail check: `grep -q` (and `grep -m N`) exits at the first match;
# the command writing into the pipe then dies of SIGPIPE, and under pipefail
# the pipeline fails although the text was there; negated (`! cmd | grep -q`)
# the same race makes a check pass by accident. It only shows under load, and
# Debian's shellcheck 0.9 misses it. Write `grep -q PATTERN <<<"$(cmd)"` instead.
set -euo pipefail
cd "$(dirname "$0")/.."

tracked_shell_scripts() {
  local f
  while IFS= read -r f; do
    [[ -f $f ]] || continue
    # The first line, without NUL bytes (binary files such as fuzz inputs).
    if [[ $f == *.sh || $(head -n 1 -- "$f" | tr -d '\0') =~ ^\#!.*(/|env\ )(ba)?sh([[:space:]]|$) ]]; then
      printf '%s\n' "$f"
    fi
  done < <(git ls-files)
}

# Prints FILE:LINE: TEXT for every pipeline into a quiet or bounded grep, in
# files that set pipefail. Continued lines (trailing \ or |) are joined first
# and reported at the line the pipeline starts on; comment lines and here-doc
# bodies (text, not code) are skipped.
find_quiet_grep_pipes() {
  awk '
    FNR == 1 { pending = ""; heredoc = "" }
    heredoc != "" {
      body = $0
      sub(/^[\t]+/, "", body)
      if (body == heredoc) heredoc = ""
      next
    }
    /^[[:space:]]*#/ { next }
    {
      if (pending == "") start = FNR
      line = pending $0
      if (line ~ /\\$/) { pending = substr(line, 1, length(line) - 1) " "; next }
      if (line ~ /[^|]\|[[:space:]]*$/) { pending = line " "; next }
      pending = ""
      if (line ~ /^[[:space:]]*set[[:space:]].*pipefail/) pipefail[FILENAME] = 1
      # A single | (not ||) followed by grep/egrep/fgrep whose options,
      # before the first non-option word, include q, m, --quiet, --silent
      # or --max-count.
      if (line ~ /(^|[^|])\|[[:space:]]*[ef]?grep([[:space:]]+-[^[:space:]]+)*[[:space:]]+(-[A-Za-z]*[qm][A-Za-z0-9]*|--quiet|--silent|--max-count[=[:space:]])/) {
        file[++n] = FILENAME; hit[n] = FILENAME ":" start ": " line
      }
      # A here-doc starts (<<WORD, <<-WORD, quoted or not; not a <<< here-string).
      if (match(line, /<<-?[[:space:]]*["\047]?[A-Za-z_][A-Za-z_0-9]*["\047]?/) &&
          (RSTART == 1 || substr(line, RSTART - 1, 1) != "<")) {
        heredoc = substr(line, RSTART, RLENGTH)
        sub(/^<<-?[[:space:]]*/, "", heredoc)
        gsub(/["\047]/, "", heredoc)
      }
    }
    END { for (i = 1; i <= n; ++i) if (file[i] in pipefail) print hit[i] }
  ' "$@"
}

run_pipefail_check() {
  local files=("$@") found
  ((${#files[@]})) || mapfile -t files < <(tracked_shell_scripts)
  # A check of nothing would pass: no files (no git checkout?) is a failure.
  ((${#files[@]})) || { echo "pipefail: no shell scripts found"; return 1; }
  found=$(find_quiet_grep_pipes "${files[@]}")
  if [[ -n $found ]]; then
    printf '%s\n' "$found"
    echo "pipefail: pipelines above end in grep -q/-m under pipefail (a SIGPIPE race): use grep -q PATTERN <<<\"\$(cmd)\""
    return 1
  fi
  echo "pipefail: ${#files[@]} shell scripts, no pipeline into grep -q/-m under pipefail"
}

# Writes samples the check must flag (and must not), runs it on them and
# compares what it reports with what it should.
run_self_test() {
  local dir expected actual
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  cat >"$dir/bad" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
ldd consumer | grep -q libcwlog.so.0 || exit 1
! ldd consumer | grep -q libcwlog.so
dpkg-query -W pkg 2>/dev/null | grep -Fqx "ok" || missing=1
cmd --list \
  | grep -m1 x
cmd | sort |
  grep --quiet y
# cmd | grep -q in a comment is not code
grep -q pattern <<<"$(cmd)"
a || grep -q pattern file
cmd | grep -v q
cat <<'END'
text | grep -q in a here-doc is not code
END
cmd | grep -q after_the_here_doc
EOF
  cat >"$dir/no_pipefail" <<'EOF'
#!/usr/bin/env bash
set -eu
cmd | grep -q x
EOF
  expected=$(for line in 3 4 5 6 8 17; do echo "$dir/bad:$line"; done)
  actual=$(find_quiet_grep_pipes "$dir/bad" "$dir/no_pipefail" | cut -d: -f1,2)
  if [[ $actual != "$expected" ]]; then
    printf 'self-test: expected\n%s\ngot\n%s\n' "$expected" "$actual"
    return 1
  fi
  if run_pipefail_check "$dir/bad" >/dev/null; then
    echo "self-test: the check passed a file with pipes into grep -q"
    return 1
  fi
  run_pipefail_check "$dir/no_pipefail" >/dev/null
  echo "self-test: the 6 bad pipelines flagged, the allowed forms passed, exit codes right"
}

case ${1:-} in
  shellcheck)
    mapfile -t files < <(tracked_shell_scripts)
    ((${#files[@]})) || { echo "shellcheck: no shell scripts found"; exit 1; }
    shellcheck --external-sources "${files[@]}"
    echo "shellcheck: ${#files[@]} shell scripts clean"
    ;;
  pipefail) shift; run_pipefail_check "$@" ;;
  self-test) run_self_test ;;
  *) echo "usage: $0 shellcheck | pipefail [FILE...] | self-test" >&2; exit 2 ;;
esac
