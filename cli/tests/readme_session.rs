//! The README's guided session, then its cross-chain session, run line by line against a
//! freshly started demo network, exactly as written there (in display mode, as a person
//! would run it). If the README and the CLI drift apart, this fails.
mod support;

use support::{run_lrt, Session};

/// The command lines of the fenced block after the `<!-- {marker} -->` marker.
fn session(marker: &str) -> Vec<String> {
    let readme = include_str!("../../README.md");
    let after = readme
        .split_once(&format!("<!-- {marker} -->"))
        .unwrap_or_else(|| panic!("the README marks its {marker}"))
        .1;
    let block = after
        .split_once("```sh\n")
        .expect("a sh block follows the marker")
        .1
        .split_once("```")
        .expect("the block ends")
        .0;
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn guided_session() -> Vec<String> {
    session("guided-session")
}

/// Splits a command line as a POSIX shell would for what the README uses: words, and
/// double-quoted strings with spaces.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(current);
    }
    words
}

/// Runs `lines` as the README's reader would (variables set by `NAME=value` lines,
/// `.localnet/` the session's folder); returns the last command's output.
fn run_lines(s: &Session, lines: &[String]) -> String {
    let mut variables: Vec<(String, String)> = Vec::new();
    let mut last = String::new();
    for line in lines {
        if let Some((name, value)) = line.split_once('=') {
            if !name.contains(' ') {
                variables.push((format!("${name}"), value.to_string()));
                continue;
            }
        }
        let mut expanded = line.clone();
        for (name, value) in &variables {
            expanded = expanded.replace(name, value);
        }
        let expanded = expanded.replace(".localnet/", &format!("{}/", s.dir.display()));
        let mut args = words(&expanded);
        assert_eq!(args.remove(0), "lrt", "{line}");
        let mut all = vec![
            "-C".to_string(),
            s.dir.join("config.yml").display().to_string(),
        ];
        all.extend(args);
        let run = run_lrt(&all);
        assert_eq!(
            run.code, 0,
            "README line failed: {line}\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        last = run.stdout;
    }
    last
}

#[test]
fn the_readme_guided_session_works_as_written() {
    let s = Session::start("readme");
    let lines = guided_session();
    assert!(lines.len() > 20, "the session has {} lines", lines.len());
    let last = run_lines(&s, &lines);
    // the monitor at the end saw the slash, from request to sweep
    for event in [
        "SlashRequested",
        "SlashApplied",
        "EscrowSwept",
        "WithdrawalClaimed",
    ] {
        assert!(last.contains(event), "watch did not show {event}:\n{last}");
    }

    // then the cross-chain session, on the same network
    let lines = session("cross-chain-session");
    assert!(lines.len() > 10, "the session has {} lines", lines.len());
    let last = run_lines(&s, &lines);
    for event in [
        "GuardianSetInstalled",
        "RemoteSlashReceived",
        "SlashApplied",
        "EscrowSwept",
    ] {
        assert!(last.contains(event), "watch did not show {event}:\n{last}");
    }
}

#[test]
fn words_are_split_like_a_shell() {
    assert_eq!(
        words(r#"lrt avs request-slash A B 5% --evidence "two blocks at 7""#),
        [
            "lrt",
            "avs",
            "request-slash",
            "A",
            "B",
            "5%",
            "--evidence",
            "two blocks at 7"
        ]
    );
}
