//! Inputs that the fuzz targets in `core/fuzz` found to crash or hang the core, each run
//! through the API of the target that found it.
//!
//! A hang becomes a test that runs the input on its own thread and fails when the call has not
//! returned after `TIME_LIMIT`. The limit is far above the milliseconds these inputs take once
//! fixed, so that a slow debug build on a busy machine does not fail the test.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use plimsoll::LintOptions;
use plimsoll::expand::Lexer;

const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Runs `work` on a new thread and fails unless it returns within [`TIME_LIMIT`] without
/// panicking. A call that times out keeps running until the test binary exits.
fn assert_finishes(name: &str, work: impl FnOnce() + Send + 'static) {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        work();
        // The receiver is gone only when the test has already failed.
        let _ = sender.send(());
    });
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(()) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name} did not finish within {TIME_LIMIT:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name} panicked"),
    }
}

/// Splits a fuzz input of the `expand` target at its first NUL byte into the word and the value
/// of the variable `A`, decoding both as that target does.
fn expand_input(data: &[u8]) -> (String, String) {
    let (word, value) = match data.iter().position(|&byte| byte == 0) {
        Some(index) => (&data[..index], &data[index + 1..]),
        None => (data, &[][..]),
    };
    (
        String::from_utf8_lossy(word).into_owned(),
        String::from_utf8_lossy(value).into_owned(),
    )
}

/// Each `${A//pattern/replacement}` inserts its replacement once per match, and the
/// replacement may itself be such a substitution, so the intermediate strings grow by a factor
/// of the value's length with each level of nesting. Before expansion results were
/// capped at 1 MiB, this 270-byte input took seconds and hundreds of MB although its result is
/// 97 bytes, because the unset `oA` still has its replacement word expanded.
#[test]
fn expand_nested_replace_all_fuzz_input() {
    let data: &[u8] =
        b"${A/b//}y\xf6\xff\x1d\xcb${oA/b//}y\xf6\xff\x1d\xcb${oA/b/${A///\x7f\xf6\xff\
        \x1d\xcb${oA/b/${A///\x7f/c${A///\x7f[$)0]}}}y\xf6\xff\x1d\xcb${oA/b/${A///A///\x7f[$)c\
        ${A///\x7f[$)0]}}}y,b/${A///\x7f\xf6\xffoA/b/${A///\x7f/c${A///\x7f[$)0]}}}y\xf6\xff\x1d\
        \xcb${oA/b/${A///A///\x7f[$)0]}}}y/c${A///\x7f[$)5]}}}y\x00\x00\x00\x85/b/${A///\x7f\xf6\
        \xff\x1d\xcb${oA/b/${A/A\x00\x7f/c${A///\x7f[$)0]}}}y\xf6\xff\x1d\xcb${o}}c";
    assert_eq!(data.len(), 270);
    let (word, value) = expand_input(data);

    assert_finishes("process_word", move || {
        let env = vec![("A", value.as_str())];
        let _ = Lexer::new('\\').process_word(&word, &env);
    });
}

/// The same growth reached through `lint`: seven nested `${A///...}` over a 16-byte ARG make a
/// 105-byte Dockerfile whose ENV value would be 820,677,345 bytes. Each level multiplies the
/// length by 17, the number of empty matches in the value, so expansion now stops at 1 MiB.
#[test]
fn lint_nested_replace_all_in_env() {
    let source = b"FROM scratch\n\
        ARG A=aaaaaaaaaaaaaaaa\n\
        ENV B=${A///${A///${A///${A///${A///${A///${A///x}}}}}}}\n\
        RUN echo $B\n";
    assert_eq!(source.len(), 105);

    assert_finishes("lint", move || {
        let result = plimsoll::lint(source, &LintOptions::default());
        assert!(result.is_ok());
    });
}
