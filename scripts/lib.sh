# shellcheck shell=bash
# Shared setup for the cw-health scripts: sourced, not run.
# Installs what the scripts need on a fresh machine, caching slow installs outside the clone
# (~/.cargo/bin, ~/.cache/cw-health) so later runs and CI on the same machine are fast.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CW_HEALTH_CACHE:-$HOME/.cache/cw-health}"
TOOLCHAIN="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml")"
BINARYEN_VERSION="132.0.0"
COSMWASM_CHECK_VERSION="3.0.10"
# One build cache for every clone on this machine: a fresh clone reuses compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p "$CACHE"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  # apt_install <command> <debian package>: installs the package when the command is missing.
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing Debian package $2"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}

ensure_rust() {
  if ! command -v rustup >/dev/null 2>&1; then
    apt_install curl curl
    log "rustup is missing: install it from https://rustup.rs, then re-run" && exit 1
  fi
  if ! rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1; then
    log "installing Rust $TOOLCHAIN"
    rustup toolchain install "$TOOLCHAIN" --profile minimal -c rustfmt -c clippy -c rust-src
  fi
  # rust-src: scripts/build.sh rebuilds the standard library for wasm32 (-Zbuild-std).
  rustup component add --toolchain "$TOOLCHAIN" rustfmt clippy rust-src >/dev/null 2>&1
  rustup target add --toolchain "$TOOLCHAIN" wasm32-unknown-unknown >/dev/null 2>&1
}

# npm_deps NAME DIR: installs the npm dependencies of the package in DIR once (`npm ci` from its
# package.json and package-lock.json) into $CACHE/NAME-<hash of both files>/ (outside the clone;
# later runs reuse it) and prints that directory (its node_modules/ is what a scratch copy links).
npm_deps() {
  local name="$1" pkg="$2" deps
  apt_install node nodejs >&2
  apt_install npm npm >&2
  deps="$CACHE/$name-$(cat "$pkg/package.json" "$pkg/package-lock.json" | sha256sum | cut -c1-12)"
  if ! [ -f "$deps/.installed" ]; then
    log "installing the npm dependencies of ${pkg#"$ROOT"/} (npm ci) into $deps"
    rm -rf "$deps" && mkdir -p "$deps"
    cp "$pkg/package.json" "$pkg/package-lock.json" "$deps/"
    (cd "$deps" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$deps/.installed"
  fi
  echo "$deps"
}

# Prints the path of a wasm-opt from npm binaryen@$BINARYEN_VERSION (Debian's is too old to
# lower bulk memory), installed once into the cache from scripts/package.json + package-lock.json.
wasm_opt() {
  local dir="$CACHE/binaryen-$BINARYEN_VERSION"
  local bin="$dir/node_modules/binaryen/bin/wasm-opt"
  if ! [ -x "$bin" ] || ! node "$bin" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    apt_install node nodejs
    apt_install npm npm
    log "installing binaryen@$BINARYEN_VERSION (npm) into $dir"
    mkdir -p "$dir"
    cp "$ROOT/scripts/package.json" "$ROOT/scripts/package-lock.json" "$dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  echo "$bin"
}

# Makes sure cosmwasm-check $COSMWASM_CHECK_VERSION is in ~/.cargo/bin (about 5-20 minutes the
# first time on 2 cores: it builds wasmer).
ensure_cosmwasm_check() {
  if cosmwasm-check --version 2>/dev/null | grep -q "$COSMWASM_CHECK_VERSION"; then
    return 0
  fi
  log "installing cosmwasm-check $COSMWASM_CHECK_VERSION (cargo install, cached in ~/.cargo/bin)"
  # Installed with the pinned toolchain; built in its own target dir so it never pollutes ours.
  CARGO_TARGET_DIR="$CACHE/cosmwasm-check-build" \
    rustup run "$TOOLCHAIN" cargo install cosmwasm-check --version "$COSMWASM_CHECK_VERSION" --locked
}

# The contract crates, from contracts/*/Cargo.toml.
contracts() {
  for d in "$ROOT"/contracts/*/; do basename "$d"; done
}

# The local node's development mnemonic (local_node::DEV_MNEMONIC; public: never use it for real
# funds). Its accounts m/44'/118'/0'/0/i are funded at the node's default genesis.
DEV_MNEMONIC="test test test test test test test test test test test junk"

# import_dev_keys CLI HOME NAME...: imports DEV_MNEMONIC's accounts 0, 1, ... into the cw-health
# keyring at HOME (the cw-health binary CLI) under the names given, in that order.
import_dev_keys() {
  local cli="$1" home="$2" i=0
  shift 2
  for k in "$@"; do
    "$cli" --home "$home" keys import "$k" --index "$i" --mnemonic "$DEV_MNEMONIC" --prefix wasm \
      >/dev/null
    i=$((i + 1))
  done
}

# scratch_dir: a temporary directory in $work, removed on exit together with the local node
# that start_local_node started (NODE_PID), if any.
scratch_dir() {
  work="$(mktemp -d)"
  NODE_PID=""
  trap 'if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
}

# start_local_node DIR [cw-health-node arguments...]: starts a fresh local node (the
# cw-health-node binary, built beforehand with `cargo build -p local-node --bins`) with its home in
# DIR/node, listening on an ephemeral port; waits until it serves, then sets NODE_PID and NODE_RPC
# (http://127.0.0.1:PORT). The caller stops it (kill "$NODE_PID").
start_local_node() {
  local dir="$1"
  shift
  "$CARGO_TARGET_DIR/debug/cw-health-node" --home "$dir/node" --listen 127.0.0.1:0 "$@" \
    >"$dir/node.log" 2>&1 &
  NODE_PID=$!
  NODE_RPC=""
  for _ in $(seq 1 300); do
    NODE_RPC="$(sed -n 's/^ *rpc *\(http[^ ]*\)$/\1/p' "$dir/node.log" | head -n 1)"
    [ -n "$NODE_RPC" ] && return 0
    kill -0 "$NODE_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill "$NODE_PID" 2>/dev/null || true
  log "the local node did not start"
  cat "$dir/node.log" >&2
  exit 1
}
