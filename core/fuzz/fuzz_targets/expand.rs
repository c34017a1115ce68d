//! Expands arbitrary words with BuildKit's lexer rules. The input is split at its first NUL
//! byte: the part before is the word, the part after is the value of the variable `A`, which
//! is the only variable set. Invalid UTF-8 is replaced, because the lexer takes `&str`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plimsoll::expand::{Lexer, variable_references};

fuzz_target!(|data: &[u8]| {
    let (word, value) = match data.iter().position(|&byte| byte == 0) {
        Some(index) => (&data[..index], &data[index + 1..]),
        None => (data, &[][..]),
    };
    let word = String::from_utf8_lossy(word);
    let value = String::from_utf8_lossy(value);
    let env = vec![("A", value.as_ref())];

    let lexer = Lexer::new('\\');
    let _ = std::hint::black_box(lexer.process_word(&word, &env));
    let _ = std::hint::black_box(lexer.process_words(&word, &env));
    std::hint::black_box(variable_references(&word, '\\'));

    // The same word under the `escape` parser directive's other value.
    let _ = std::hint::black_box(Lexer::new('`').process_word(&word, &env));
});
