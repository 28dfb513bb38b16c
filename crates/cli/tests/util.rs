//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The demo corpus.
pub fn corpus() -> PathBuf {
    root().join("examples/corpus")
}

/// `../shared` beside the repository (see `samestory_testkit::shared` for the skip rule).
pub fn shared() -> Option<PathBuf> {
    samestory_testkit::shared("seeds")?;
    Some(samestory_testkit::shared_root())
}

/// The binary, with logging quiet and no store taken from the environment.
pub fn samestory() -> Command {
    let mut cmd = Command::cargo_bin("samestory").unwrap();
    cmd.env_remove("SAMESTORY_DB").env("SAMESTORY_LOG", "error");
    cmd
}

/// Runs the binary, asserts success and returns stdout.
pub fn run_ok(args: &[&str]) -> String {
    let out = samestory().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "samestory {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Parses JSON Lines.
pub fn json_lines(s: &str) -> Vec<Value> {
    s.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Every story of a store with its articles, as `(story id, [article views])`, via `stories --json` and
/// `story --json`.
pub fn stories_with_articles(db: &Path) -> Vec<(u64, Vec<Value>)> {
    let db = db.to_str().unwrap();
    let list = json_lines(&run_ok(&["stories", "--db", db, "--json", "--limit", "10000"]));
    list.iter()
        .map(|s| {
            let id = s["id"].as_u64().unwrap();
            let story: Value =
                serde_json::from_str(&run_ok(&["story", "--db", db, "--json", &id.to_string()])).unwrap();
            (id, story["articles"].as_array().unwrap().clone())
        })
        .collect()
}
