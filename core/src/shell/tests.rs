use super::*;

fn dump(script: &str) -> String {
    match analyze(script) {
        Err(error) => format!("ERR {error}"),
        Ok(analysed) => {
            let mut out = String::new();
            for command in &analysed.commands {
                let argv: Vec<&str> = command
                    .argv
                    .iter()
                    .map(|word| word.value.as_str())
                    .collect();
                let assignments: Vec<&str> = command
                    .assignments
                    .iter()
                    .map(|word| word.value.as_str())
                    .collect();
                out.push_str(&format!(
                    "{:?} {:?} {:?} {:?} pipefail={} {:?} redirects={:?}\n",
                    argv,
                    assignments,
                    command.separator,
                    command.span,
                    command.pipefail,
                    command.nesting,
                    command.redirects
                ));
            }
            for pipeline in &analysed.pipelines {
                out.push_str(&format!("pipeline {:?}\n", pipeline));
            }
            out
        }
    }
}

#[test]
#[ignore]
fn show() {
    let input = std::env::var("SHELL_INPUT").unwrap_or_default();
    println!("{}", dump(&input));
}

/// RUN bodies of a golden-parse corpus: one JSON file per Dockerfile holding its instructions.
/// Returns the shell-form RUN bodies without heredocs, and the heredoc RUNs rebuilt as one
/// script, skipping Windows files.
fn corpus_bodies(dir: &std::path::Path) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();

    let mut plain = Vec::new();
    let mut heredoc = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("corpus file is readable");
        let Ok(serde_json::Value::Array(instructions)) = serde_json::from_str(&text) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text_of = |value: &serde_json::Value| value.as_str().unwrap_or("").to_ascii_lowercase();
        let windows = instructions.iter().any(|instruction| {
            let command = text_of(&instruction["cmd"]);
            let values: Vec<String> = instruction["value"]
                .as_array()
                .into_iter()
                .flatten()
                .map(text_of)
                .collect();
            (command == "shell"
                && values.iter().any(|value| {
                    ["powershell", "pwsh", "cmd"]
                        .iter()
                        .any(|shell| value.contains(shell))
                }))
                || (command == "from"
                    && values.iter().any(|value| {
                        ["windows", "nanoserver", "servercore"]
                            .iter()
                            .any(|image| value.contains(image))
                    }))
        });
        if windows {
            continue;
        }
        for instruction in &instructions {
            if text_of(&instruction["cmd"]) != "run" || instruction["json"].as_bool() == Some(true)
            {
                continue;
            }
            let Some(body) = instruction["value"][0].as_str() else {
                continue;
            };
            let line = instruction["start_line"].as_u64().unwrap_or(0);
            let label = format!("{name}:{line}");
            let heredocs = instruction["heredocs"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if heredocs.is_empty() {
                plain.push((label, body.to_owned()));
            } else {
                let mut script = body.to_owned();
                for doc in &heredocs {
                    script.push('\n');
                    script.push_str(doc["content"].as_str().unwrap_or(""));
                    script.push_str(doc["name"].as_str().unwrap_or(""));
                }
                script.push('\n');
                heredoc.push((label, script));
            }
        }
    }
    (plain, heredoc)
}

/// Measures `analyze` over the RUN bodies of the corpus in `PLIMSOLL_GOLDEN_PARSE`. Run with
/// `cargo test --release -p plimsoll --lib shell::tests::corpus_throughput -- --ignored --nocapture`.
#[test]
#[ignore = "needs a corpus directory in PLIMSOLL_GOLDEN_PARSE"]
fn corpus_throughput() {
    let Ok(dir) = std::env::var("PLIMSOLL_GOLDEN_PARSE") else {
        eprintln!("PLIMSOLL_GOLDEN_PARSE is not set");
        return;
    };
    let (plain, heredoc) = corpus_bodies(std::path::Path::new(&dir));
    let bytes: usize = plain.iter().map(|(_, body)| body.len()).sum();

    let mut failures = Vec::new();
    let mut commands = 0;
    for (label, body) in &plain {
        match analyze(body) {
            Ok(script) => commands += script.commands.len(),
            Err(error) => failures.push((label, body, error)),
        }
    }
    println!(
        "bodies: {}, bytes: {bytes}, commands: {commands}, failures: {}",
        plain.len(),
        failures.len()
    );
    for (label, body, error) in failures.iter().take(20) {
        let shown: String = body.chars().take(160).collect();
        println!("  {label}: {error}: {shown:?}");
    }

    let heredoc_failures: Vec<_> = heredoc
        .iter()
        .filter(|(_, body)| analyze(body).is_err())
        .collect();
    println!(
        "heredoc RUNs rebuilt as one script: {}, failures: {}",
        heredoc.len(),
        heredoc_failures.len()
    );
    for (label, _) in &heredoc_failures {
        println!("  {label}");
    }

    let time = |run: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                run();
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let megabytes = bytes as f64 / 1e6;
    let analyze_seconds = time(&|| {
        for (_, body) in &plain {
            let _ = std::hint::black_box(analyze(body));
        }
    });
    let brush_seconds = time(&|| {
        let options = brush_parser::ParserOptions::default();
        for (_, body) in &plain {
            let _ = std::hint::black_box(
                brush_parser::Parser::new(body.as_bytes(), &options).parse_program(),
            );
        }
    });
    let tokenize_seconds = time(&|| {
        let options = brush_parser::ParserOptions::default();
        for (_, body) in &plain {
            let _ = std::hint::black_box(brush_parser::uncached_tokenize_str(
                body,
                &options.tokenizer_options(),
            ));
        }
    });
    println!(
        "analyze: {analyze_seconds:.3} s, {:.1} MB/s; brush parse_program alone: {brush_seconds:.3} s, {:.1} MB/s; brush tokenizer alone: {tokenize_seconds:.3} s, {:.1} MB/s",
        megabytes / analyze_seconds,
        megabytes / brush_seconds,
        megabytes / tokenize_seconds
    );
}
