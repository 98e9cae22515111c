//! Keys: known mnemonic → known address (cosmjs's faucet vectors), the keyring file's permissions,
//! and the CLI's `keys import` (stdin by default) / `keys show`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

use cw_health_cli::keys::{self, Keyring};

const ECONOMY: &str = "economy stock theory fatal elder harbor betray wasp final emotion task \
crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone";

#[test]
fn known_mnemonic_gives_known_addresses() {
    assert_eq!(
        keys::address(ECONOMY, &keys::hd_path(0), "cosmos").unwrap(),
        "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6"
    );
    assert_eq!(
        keys::address(ECONOMY, &keys::hd_path(1), "cosmos").unwrap(),
        "cosmos10dyr9899g6t0pelew4nvf4j5c3jcgv0r73qga5"
    );
    // Same key, another chain's prefix: same bytes.
    let wasm = keys::address(ECONOMY, &keys::hd_path(0), "wasm").unwrap();
    assert!(wasm.starts_with("wasm1"));
    assert_eq!(
        wasm.len(),
        "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6".len() - 2
    );
}

#[test]
fn twelve_word_mnemonics_are_accepted() {
    let m = "test test test test test test test test test test test junk";
    let a = keys::address(m, &keys::hd_path(0), "wasm").unwrap();
    let b = keys::address(m, &keys::hd_path(1), "wasm").unwrap();
    assert_ne!(a, b);
}

#[test]
fn bad_mnemonics_are_refused() {
    // Wrong checksum word.
    let bad = ECONOMY.replace("stone", "stock");
    let e = keys::parse_mnemonic(&bad).unwrap_err();
    assert!(e.contains("not a valid BIP-39 mnemonic"), "{e}");
    // Not a word.
    assert!(keys::parse_mnemonic("hello world").is_err());
    // Extra whitespace is normalised.
    let spaced = format!("  {}\n", ECONOMY.replace(' ', "   "));
    assert_eq!(keys::parse_mnemonic(&spaced).unwrap(), ECONOMY);
}

#[test]
fn generated_mnemonics_are_24_valid_words() {
    let m = keys::generate_mnemonic().unwrap();
    assert_eq!(m.split(' ').count(), 24);
    keys::parse_mnemonic(&m).unwrap();
    assert_ne!(m, keys::generate_mnemonic().unwrap());
}

#[cfg(unix)]
#[test]
fn keyring_file_is_private_and_names_are_unique() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let mut ring = Keyring::open(&home).unwrap();
    ring.insert("alice", ECONOMY, &keys::hd_path(0)).unwrap();
    let file = Keyring::file(&home);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dmode = std::fs::metadata(&home).unwrap().permissions().mode() & 0o777;
    assert_eq!(dmode, 0o700);
    // A second key of the same name is refused, the first kept.
    let e = ring.insert(
        "alice",
        &keys::generate_mnemonic().unwrap(),
        &keys::hd_path(0),
    );
    assert!(e.unwrap_err().contains("already exists"));
    let again = Keyring::open(&home).unwrap();
    assert_eq!(again.get("alice").unwrap().mnemonic, ECONOMY);
    // Bad names.
    assert!(ring.insert("../x", ECONOMY, &keys::hd_path(0)).is_err());
    // A keyring others can read is refused.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let e = Keyring::open(&home).unwrap_err();
    assert!(e.contains("readable by others"), "{e}");
}

fn cli(home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cw-health"));
    c.arg("--home").arg(home).env_remove("CW_HEALTH_NETWORK");
    c
}

#[test]
fn cli_imports_from_stdin_and_shows_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let mut child = cli(home)
        .args(["keys", "import", "faucet", "--prefix", "cosmos"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{ECONOMY}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6"),
        "{stdout}"
    );
    // The mnemonic is never echoed.
    assert!(!stdout.contains("economy"));
    let show = cli(home)
        .args(["keys", "show", "faucet", "--prefix", "cosmos"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&show.stdout).trim(),
        "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6"
    );
    // `keys add` makes a new key and prints its mnemonic on stderr only.
    let add = cli(home).args(["keys", "add", "fresh"]).output().unwrap();
    assert!(add.status.success());
    let added = String::from_utf8_lossy(&add.stdout);
    assert!(added.starts_with("fresh\twasm1"), "{added}");
    let list = cli(home).args(["keys", "list"]).output().unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("faucet\t") && listed.contains("fresh\t"),
        "{listed}"
    );
}
