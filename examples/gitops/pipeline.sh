#!/usr/bin/env bash
# The GitOps pipeline's steps: .github/workflows/qoder.yml runs them, and so can you.
#
#   ./pipeline.sh preview   # pull request: what merging would change, kept in $QODER_OUT/preview.txt
#   ./pipeline.sh up        # main branch: make the live deployments match the program
#   ./pipeline.sh drift     # schedule: exit 7, the drift shown, if anyone changed them by hand
#   ./pipeline.sh destroy   # archive every deployment of the stack (not run by the workflow)
#
# Each step first runs `pulumi install` (the plugins the program needs) and selects the stack
# $PULUMI_STACK (default `prod`), creating it on the first run. The backend, the token and the
# API address come from the environment: PULUMI_BACKEND_URL (or PULUMI_ACCESS_TOKEN for Pulumi
# Cloud), PULUMI_CONFIG_PASSPHRASE for a self-managed backend, QODER_PAT, and QODER_BASE_URL
# (unset: the real API). The token is read by the plugin from the environment: it is never
# written to the stack's config or state.
#
# QODER_PLUGIN_ARCHIVE, when set, is a plugin archive on disk
# (pulumi-resource-qoder-v<version>-<os>-<arch>.tar.gz) installed before `pulumi install`:
# for machines that cannot reach the release page, and for tests.
set -euo pipefail
cd "$(dirname "$0")"

stack="${PULUMI_STACK:-prod}"
out="${QODER_OUT:-out}"
pulumi=(pulumi --non-interactive --color never)

install_plugins() {
  if [ -n "${QODER_PLUGIN_ARCHIVE:-}" ]; then
    local name version
    name="$(basename "$QODER_PLUGIN_ARCHIVE")"
    version="${name#pulumi-resource-qoder-v}"
    version="${version%%-*}"
    version="${version%.tar.gz}"
    "${pulumi[@]}" plugin install resource qoder "$version" --file "$QODER_PLUGIN_ARCHIVE"
  fi
  "${pulumi[@]}" install
  "${pulumi[@]}" stack select --create "$stack"
}

# Show a file in the GitHub job summary when running there.
summarise() { # $1 = title, $2 = file
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] || return 0
  { echo "### $1"; echo; echo '```'; cat "$2"; echo '```'; } >>"$GITHUB_STEP_SUMMARY"
}

preview() {
  mkdir -p "$out"
  local rc=0
  "${pulumi[@]}" preview --diff 2>&1 | tee "$out/preview.txt" || rc=${PIPESTATUS[0]}
  summarise "pulumi preview ($stack)" "$out/preview.txt"
  return "$rc"
}

up() {
  # --refresh: what was changed by hand since the last run is put back as the program says
  "${pulumi[@]}" up --refresh --diff --yes
}

drift() {
  mkdir -p "$out"
  local rc=0
  "${pulumi[@]}" preview --refresh --expect-no-changes --diff 2>&1 | tee "$out/drift.txt" ||
    rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 7 ]; then # the CLI's exit code for changes where none were expected
    # a GitHub annotation there (stdout is where the runner reads workflow commands)
    echo "${GITHUB_ACTIONS:+::error title=Drift on stack $stack::}drift: the live" \
      "deployments differ from the program (diff above): merge a change, or run up to undo it"
    summarise "Drift on $stack" "$out/drift.txt"
  fi
  return "$rc"
}

destroy() {
  "${pulumi[@]}" destroy --yes
}

case "${1:-}" in
  preview | up | drift | destroy) install_plugins; "$1" ;;
  *) echo "usage: $0 preview|up|drift|destroy" >&2; exit 2 ;;
esac
