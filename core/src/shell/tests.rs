use super::*;

/// Analyses `script`, failing the test on an error.
fn commands(script: &str) -> Vec<Command> {
    match analyze(script) {
        Ok(analysed) => analysed.commands,
        Err(error) => panic!("{script:?} failed: {error}"),
    }
}

fn argv(command: &Command) -> Vec<&str> {
    command
        .argv
        .iter()
        .map(|word| word.value.as_str())
        .collect()
}

fn all_argv(commands: &[Command]) -> Vec<Vec<&str>> {
    commands.iter().map(argv).collect()
}

/// Checks that every word's span selects its raw text in `script`.
fn assert_word_spans(script: &str, commands: &[Command]) {
    for command in commands {
        for word in command.argv.iter().chain(&command.assignments) {
            assert_eq!(
                &script[word.span.clone()],
                word.raw,
                "span of {:?}",
                word.value
            );
        }
    }
}

#[test]
fn apt_example_words_separators_spans() {
    let script = "apt-get update && apt-get install -y --no-install-recommends curl=7.88 && rm -rf /var/lib/apt/lists/*";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["apt-get", "update"],
            vec![
                "apt-get",
                "install",
                "-y",
                "--no-install-recommends",
                "curl=7.88"
            ],
            vec!["rm", "-rf", "/var/lib/apt/lists/*"],
        ]
    );
    let separators: Vec<Separator> = commands.iter().map(|command| command.separator).collect();
    assert_eq!(separators, [Separator::And, Separator::And, Separator::End]);
    let spans: Vec<_> = commands
        .iter()
        .map(|command| command.span.clone())
        .collect();
    assert_eq!(spans, [0..14, 18..70, 74..101]);
    assert!(
        commands
            .iter()
            .all(|command| command.nesting == Nesting::default())
    );
    assert_word_spans(script, &commands);
}

#[test]
fn for_loop_example_nesting_and_pipeline() {
    let script = r#"set -eux; for f in a b; do (cd /x && make -j"$(nproc)"); done | tee log"#;
    let analysed = analyze(script).unwrap();
    let commands = &analysed.commands;

    assert_eq!(
        all_argv(commands),
        [
            vec!["set", "-eux"],
            vec!["cd", "/x"],
            vec!["make", "-j$(nproc)"],
            vec!["nproc"],
            vec!["tee", "log"]
        ]
    );
    let separators: Vec<Separator> = commands.iter().map(|command| command.separator).collect();
    assert_eq!(
        separators,
        [
            Separator::Sequence,
            Separator::And,
            Separator::End,
            Separator::End,
            Separator::End
        ]
    );
    let spans: Vec<_> = commands
        .iter()
        .map(|command| command.span.clone())
        .collect();
    assert_eq!(spans, [0..8, 28..33, 37..54, 47..52, 64..71]);
    assert_word_spans(script, commands);

    let cd = commands[1].nesting;
    assert!(cd.in_subshell);
    assert!(cd.in_loop);
    assert!(cd.in_pipeline);
    assert!(!cd.in_command_substitution);
    assert!(commands[3].nesting.in_command_substitution);
    assert!(commands[4].nesting.in_pipeline);
    assert!(!commands[4].nesting.in_loop);
    assert!(commands[0].nesting.in_main_shell());
    assert!(!cd.in_main_shell());

    assert!(analysed.has_pipeline());
    assert_eq!(analysed.pipelines.len(), 1);
    assert_eq!(analysed.pipelines[0].span, 10..71);
    assert!(!analysed.pipelines[0].pipefail);
}

#[test]
fn if_example_condition_and_branch() {
    let script = "if [ -f x ]; then pip install --no-cache-dir -r req.txt; fi";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["[", "-f", "x", "]"],
            vec!["pip", "install", "--no-cache-dir", "-r", "req.txt"]
        ]
    );
    assert_eq!(commands[0].span, 3..11);
    assert_eq!(commands[1].span, 18..55);
    assert_eq!(commands[0].separator, Separator::End);
    assert_eq!(commands[1].separator, Separator::End);
    assert!(commands[0].nesting.in_condition);
    assert!(!commands[0].nesting.in_branch);
    assert!(commands[1].nesting.in_branch);
    assert!(!commands[1].nesting.in_condition);
}

#[test]
fn redirect_before_argument_keeps_argument() {
    let script = r#"echo >&2 "msg""#;
    let commands = commands(script);

    assert_eq!(all_argv(&commands), [vec!["echo", "msg"]]);
    assert_eq!(commands[0].span, 0..14);
    let redirect = &commands[0].redirects[0];
    assert_eq!(redirect.operator, RedirectOperator::DuplicateOutput);
    assert_eq!(redirect.fd, None);
    assert_eq!(redirect.target.as_ref().unwrap().value, "2");
    assert_eq!(redirect.span, 5..8);
}

#[test]
fn redirect_spans_extend_command_span() {
    let script = "echo 'u ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers 2>/dev/null";
    let commands = commands(script);

    assert_eq!(commands[0].span, 0..script.len());
    let redirects = &commands[0].redirects;
    assert_eq!(redirects[0].operator, RedirectOperator::Append);
    assert_eq!(redirects[0].span, 32..47);
    assert_eq!(redirects[0].target.as_ref().unwrap().value, "/etc/sudoers");
    assert_eq!(redirects[1].fd, Some(2));
    assert_eq!(redirects[1].span, 48..59);
}

#[test]
fn quote_removal() {
    let script = r#"echo "it's" 'a "b"' c\ d "\$x \q \\" $'a\tb\'c' "a"'b'c ''"#;
    let commands = commands(script);

    assert_eq!(
        argv(&commands[0]),
        [
            "echo", "it's", r#"a "b""#, "c d", r"$x \q \", "a\tb'c", "abc", ""
        ]
    );
    assert_eq!(commands[0].argv[1].raw, r#""it's""#);
    assert_word_spans(script, &commands);
}

#[test]
fn expansions_kept_verbatim() {
    let script = r#"echo $HOME "${A:-x y}" ~/bin "$(echo "q")" $((1 + 2)) `id -u`"#;
    let commands = commands(script);

    assert_eq!(
        argv(&commands[0]),
        [
            "echo",
            "$HOME",
            "${A:-x y}",
            "~/bin",
            r#"$(echo "q")"#,
            "$((1 + 2))",
            "`id -u`"
        ]
    );
}

#[test]
fn non_ascii_text_before_words() {
    let script = "echo héllo wörld && ls /tmp $(ls ü) `echo é`";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["echo", "héllo", "wörld"],
            vec!["ls", "/tmp", "$(ls ü)", "`echo é`"],
            vec!["ls", "ü"],
            vec!["echo", "é"]
        ]
    );
    assert_word_spans(script, &commands);
    assert_eq!(
        &script[commands[1].span.clone()],
        "ls /tmp $(ls ü) `echo é`"
    );
    assert_eq!(&script[commands[2].span.clone()], "ls ü");
    assert_eq!(&script[commands[3].span.clone()], "echo é");
}

#[test]
fn nested_command_substitutions() {
    let script = r#"echo "$(dirname "$(readlink -f "$0")")""#;
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["echo", r#"$(dirname "$(readlink -f "$0")")"#],
            vec!["dirname", r#"$(readlink -f "$0")"#],
            vec!["readlink", "-f", "$0"],
        ]
    );
    assert_eq!(
        &script[commands[1].span.clone()],
        r#"dirname "$(readlink -f "$0")""#
    );
    assert_eq!(&script[commands[2].span.clone()], r#"readlink -f "$0""#);
    assert!(!commands[0].nesting.in_command_substitution);
    assert!(commands[1].nesting.in_command_substitution);
    assert!(commands[2].nesting.in_command_substitution);
    assert_word_spans(script, &commands);
}

#[test]
fn substitutions_in_parameters_arithmetic_and_assignments() {
    let script = r#"V=$(cat v) echo ${X:-$(id -u)} $(( $(nproc) * 2 ))"#;
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["echo", "${X:-$(id -u)}", "$(( $(nproc) * 2 ))"],
            vec!["cat", "v"],
            vec!["id", "-u"],
            vec!["nproc"]
        ]
    );
    assert_eq!(commands[0].assignments[0].value, "V=$(cat v)");
    assert_word_spans(script, &commands);
}

#[test]
fn nested_backquotes_map_to_escaped_text() {
    let script = r"a=`echo \`date\`` && echo `id -u`";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec![],
            vec!["echo", "`date`"],
            vec!["date"],
            vec!["echo", "`id -u`"],
            vec!["id", "-u"]
        ]
    );
    assert_eq!(&script[commands[1].span.clone()], r"echo \`date\`");
    assert_eq!(&script[commands[2].span.clone()], "date");
    assert_eq!(commands[1].argv[1].raw, r"\`date\`");
    assert_eq!(&script[commands[4].span.clone()], "id -u");
}

#[test]
fn case_inside_command_substitution() {
    let script = r#"ARCH=$(case "$(uname -m)" in x86_64) echo amd64;; *) echo other;; esac) && echo "$ARCH""#;
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec![],
            vec!["uname", "-m"],
            vec!["echo", "amd64"],
            vec!["echo", "other"],
            vec!["echo", "$ARCH"]
        ]
    );
    let assignment_end = script.find(" &&").unwrap();
    assert_eq!(commands[0].assignments[0].raw, &script[..assignment_end]);
    assert_eq!(&script[commands[2].span.clone()], "echo amd64");
    assert_eq!(&script[commands[3].span.clone()], "echo other");
    assert!(commands[2].nesting.in_command_substitution);
    assert!(commands[2].nesting.in_branch);
    assert_word_spans(script, &commands);
}

#[test]
fn case_inside_command_substitution_on_several_lines() {
    let script = "x=$(case $a in\n  amd64) echo 1 ;;\n  *) echo 2 ;;\nesac)";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [vec![], vec!["echo", "1"], vec!["echo", "2"]]
    );
    assert_eq!(commands[0].assignments[0].raw, script);
}

#[test]
fn heredoc_body_and_words_after_operator() {
    let script = "cat <<EOF > /etc/x && echo hi\n$(date) `id`\nEOF\necho done";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["cat"],
            vec!["echo", "hi"],
            vec!["date"],
            vec!["id"],
            vec!["echo", "done"]
        ]
    );
    assert_word_spans(script, &commands);
    assert_eq!(commands[1].span, 22..29);
    let redirects = &commands[0].redirects;
    assert_eq!(redirects[0].operator, RedirectOperator::HereDocument);
    assert_eq!(redirects[0].target.as_ref().unwrap().raw, "$(date) `id`\n");
    assert_eq!(redirects[1].operator, RedirectOperator::Write);
    assert!(commands[2].nesting.in_command_substitution);
}

#[test]
fn quoted_heredoc_body_has_no_commands() {
    let script = "cat <<'EOF'\n$(date)\nEOF";
    assert_eq!(all_argv(&commands(script)), [vec!["cat"]]);
}

#[test]
fn process_substitutions() {
    let script = "diff <(ls a) <(ls b) > >(tee x)";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["diff", "<(ls a)", "<(ls b)"],
            vec!["ls", "a"],
            vec!["ls", "b"],
            vec!["tee", "x"]
        ]
    );
    assert!(
        commands[1..]
            .iter()
            .all(|command| command.nesting.in_subshell)
    );
    assert_eq!(commands[0].redirects[0].span, 21..31);
    assert_eq!(commands[0].redirects[0].target, None);
}

#[test]
fn spaced_parentheses_are_subshells() {
    let commands = commands("( (cd /src && make) )");
    assert_eq!(all_argv(&commands), [vec!["cd", "/src"], vec!["make"]]);
    assert!(commands[0].nesting.in_subshell);
}

#[test]
fn compound_commands_in_source_order() {
    let script = "f() { apt-get update; }; while read l; do echo $l; done < list; case $x in a) true;; esac; sleep 1 & wait";
    let commands = commands(script);

    assert_eq!(
        all_argv(&commands),
        [
            vec!["apt-get", "update"],
            vec!["read", "l"],
            vec!["echo", "$l"],
            vec!["true"],
            vec!["sleep", "1"],
            vec!["wait"],
        ]
    );
    assert!(commands[0].nesting.in_function);
    assert!(commands[1].nesting.in_condition);
    assert!(commands[1].nesting.in_loop);
    assert!(commands[2].nesting.in_loop);
    assert!(!commands[2].nesting.in_condition);
    assert!(commands[3].nesting.in_branch);
    assert_eq!(commands[4].separator, Separator::Background);
    assert!(commands[4].nesting.in_background);
    assert!(!commands[5].nesting.in_background);
}

#[test]
fn arithmetic_for_header_substitutions() {
    let commands = commands("for ((i = 0; i < $(nproc); i++)); do echo $i; done");

    assert_eq!(all_argv(&commands), [vec!["nproc"], vec!["echo", "$i"]]);
    assert!(!commands[0].nesting.in_loop);
    assert!(commands[1].nesting.in_loop);
}

#[test]
fn extended_test_is_a_command() {
    let commands = commands("[[ -f x && $(id -u) -eq 0 ]] || exit 1");

    assert_eq!(
        all_argv(&commands),
        [
            vec!["[[", "-f", "x", "&&", "$(id -u)", "-eq", "0", "]]"],
            vec!["id", "-u"],
            vec!["exit", "1"]
        ]
    );
    assert_eq!(commands[0].separator, Separator::Or);
}

#[test]
fn assignments_before_and_after_program() {
    let script = r#"A=1 B="x y" make install; export PATH="/opt/bin:$PATH"; C=2"#;
    let commands = commands(script);

    let assignments: Vec<&str> = commands[0]
        .assignments
        .iter()
        .map(|word| word.value.as_str())
        .collect();
    assert_eq!(assignments, ["A=1", "B=x y"]);
    assert_eq!(argv(&commands[0]), ["make", "install"]);
    assert_eq!(argv(&commands[1]), ["export", "PATH=/opt/bin:$PATH"]);
    assert_eq!(commands[2].name(), None);
    assert_eq!(commands[2].assignments[0].value, "C=2");
}

#[test]
fn pipe_with_stderr_and_negation() {
    let analysed = analyze("! make |& grep -q error").unwrap();

    assert_eq!(
        all_argv(&analysed.commands),
        [vec!["make"], vec!["grep", "-q", "error"]]
    );
    assert_eq!(analysed.commands[0].separator, Separator::Pipe);
    assert!(analysed.commands[0].redirects.is_empty());
    assert!(analysed.pipelines[0].negated);
}

#[test]
fn comments_are_skipped() {
    let commands = commands("echo a # b c\nx=$(echo d # )\n)");
    assert_eq!(
        all_argv(&commands),
        [vec!["echo", "a"], vec![], vec!["echo", "d"]]
    );
}

#[test]
fn oversized_file_descriptor_is_a_word() {
    let commands = commands("echo 99999999999>f");

    assert_eq!(all_argv(&commands), [vec!["echo", "99999999999"]]);
    assert_eq!(commands[0].redirects[0].span, 16..18);
}

#[test]
fn empty_script_has_no_commands() {
    assert_eq!(analyze("").unwrap(), Script::default());
    assert_eq!(
        analyze("  \n# only a comment\n").unwrap(),
        Script::default()
    );
}

#[test]
fn pipefail_set_in_script() {
    let analysed = analyze("set -euo pipefail; curl -fsS x | tar xz").unwrap();
    assert!(!analysed.commands[0].pipefail);
    assert!(analysed.commands[1].pipefail);
    assert!(analysed.pipelines[0].pipefail);

    for script in [
        "set -eo pipefail && a | b",
        "set -o errexit -o pipefail; a | b",
        "set -uxo pipefail\na | b",
    ] {
        let analysed = analyze(script).unwrap();
        assert!(analysed.pipelines[0].pipefail, "{script}");
    }
    for script in [
        "a | b; set -o pipefail",
        "(set -o pipefail); a | b",
        "set -o pipefail | cat; a | b",
        "x=$(set -o pipefail); a | b",
        "set -o pipefail & a | b",
        "set -o pipefail; set +o pipefail; a | b",
        "set -e -- -o pipefail; a | b",
        "echo set -o pipefail; a | b",
    ] {
        let analysed = analyze(script).unwrap();
        let last = analysed.pipelines.last().unwrap();
        assert!(!last.pipefail, "{script}");
    }
}

#[test]
fn pipefail_inherited_by_subshells() {
    let analysed = analyze("set -o pipefail; (a | b); x=$(c | d)").unwrap();
    assert!(analysed.pipelines.iter().all(|pipeline| pipeline.pipefail));
}

#[test]
fn has_flag_reads_groups_and_long_flags() {
    let command = &commands("apt-get install -qy --no-install-recommends=1 pkg -- -x")[0];

    assert!(command.has_flag(Some('y'), Some("yes")));
    assert!(command.has_flag(Some('q'), None));
    assert!(command.has_flag(None, Some("no-install-recommends")));
    assert!(!command.has_flag(Some('x'), None));
    assert!(!command.has_flag(Some('f'), Some("fix-broken")));
    assert_eq!(command.name(), Some("apt-get"));
    assert_eq!(command.args().len(), 6);
}

#[test]
fn flag_value_forms() {
    let cases = [
        ("docker build -t app .", Some("app")),
        ("docker build -tapp .", Some("app")),
        ("docker build --tag=app .", Some("app")),
        ("docker build --tag app .", Some("app")),
        ("docker build -t one -t two .", Some("two")),
        ("docker build -qt app .", Some("app")),
        ("docker build -- -t app", None),
        ("docker build .", None),
    ];
    for (script, expected) in cases {
        let command = &commands(script)[0];
        assert_eq!(
            command.flag_value(Some('t'), Some("tag")),
            expected,
            "{script}"
        );
    }
    let command = &commands("x -o a --option=b -ob")[0];
    assert_eq!(
        command.flag_values(Some('o'), Some("option")),
        ["a", "b", "b"]
    );
}

#[test]
fn positional_args_skip_option_values() {
    let command = &commands(
        "apt-get install -t bookworm-backports curl -o Dpkg::Options::=--force-confold -yt x wget",
    )[0];
    let positional: Vec<&str> = command
        .positional_args(&["-t", "-o", "--target-release"])
        .iter()
        .map(|word| word.value.as_str())
        .collect();
    assert_eq!(positional, ["install", "curl", "wget"]);

    let command = &commands("pip install --target-release x -r req.txt -tfoo - -- -e")[0];
    let positional: Vec<&str> = command
        .positional_args(&["-t", "--target-release", "-r"])
        .iter()
        .map(|word| word.value.as_str())
        .collect();
    assert_eq!(positional, ["install", "-", "-e"]);
}

#[test]
fn from_argv_builds_one_command() {
    let script = Script::from_argv(vec![
        ("apt-get".to_owned(), 5..12),
        ("update".to_owned(), 14..20),
    ]);

    assert_eq!(all_argv(&script.commands), [vec!["apt-get", "update"]]);
    assert_eq!(script.commands[0].span, 5..20);
    assert_eq!(Script::from_argv(Vec::new()), Script::default());
}

#[test]
fn syntax_errors_have_offsets() {
    let cases = [
        ("echo 'unterminated", 5),
        ("echo $(ls", 5),
        (r#"echo "a $(b"#, 8),
        ("if true; then", 13),
        ("echo )", 5),
        ("echo é )", 8),
        ("cat <<EOF\nabc", 13),
        ("echo $(echo )) x", 13),
    ];
    for (script, offset) in cases {
        let error = analyze(script).unwrap_err();
        assert_eq!(error.offset, offset, "{script}: {error}");
    }
    assert_eq!(
        analyze("echo )").unwrap_err().message,
        "syntax error near `)`"
    );
}

#[test]
fn deep_nesting_is_rejected_quickly() {
    let nested = |open: &str, middle: &str, close: &str, depth: usize| {
        format!("{}{middle}{}", open.repeat(depth), close.repeat(depth))
    };
    let cases = [
        nested("echo $(", "true", ")", 200),
        nested("echo \"$(", "true", ")\"", 200),
        nested("${x:-", "y", "}", 200),
        nested("if true; then ", "true", "; fi", 200),
        nested("{ ", "true", "; }", 200),
        nested("( ", "true;", " )", 200),
        nested("(", "true;", ")", 200),
        nested("case a in x) ", "true", "\nesac", 40),
        "( ".repeat(200),
        "(".repeat(5000),
        "$(".repeat(5000),
        "[[ x =~ ".to_owned() + &"( ".repeat(200) + "]]",
    ];
    for script in cases {
        let start = std::time::Instant::now();
        let result = analyze(&script);
        let elapsed = start.elapsed();
        assert!(result.is_err(), "{script}");
        assert!(
            elapsed < std::time::Duration::from_secs(2),
            "{elapsed:?} for {script}"
        );
    }
}

#[test]
fn parser_failure_modes_are_contained() {
    // Each of these makes brush-parser 0.4.0 loop forever or panic when given as is.
    let cases = [
        "cat <<'' ",
        "echo $(cat <<  ",
        "$(<<\"\"(${o}",
        "echo 2147483648>f",
    ];
    for script in cases {
        let start = std::time::Instant::now();
        let _ = analyze(script);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(1),
            "{script:?}"
        );
    }
    assert_eq!(
        analyze("cat <<'' ").unwrap_err().message,
        "here-documents with an empty delimiter are not analysed"
    );
}

#[test]
fn heredoc_at_end_of_script() {
    let commands = commands("cat <<EOF\n$(date)\nEOF");
    assert_eq!(all_argv(&commands), [vec!["cat"], vec!["date"]]);
    assert_eq!(
        commands[0].redirects[0].target.as_ref().unwrap().raw,
        "$(date)\n"
    );
}

#[test]
fn nesting_within_limits_is_analysed() {
    let depth = 10;
    let substitutions = format!("echo {}true{}", "$(".repeat(depth), ")".repeat(depth));
    assert_eq!(commands(&substitutions).len(), depth + 1);

    let subshells = format!("{}true;{}", "( ".repeat(depth), " )".repeat(depth));
    assert_eq!(commands(&subshells).len(), 1);

    let conditions = format!("{}true{}", "if true; then ".repeat(20), "; fi".repeat(20));
    assert_eq!(commands(&conditions).len(), 21);
}

#[test]
fn deepest_accepted_nesting_fits_in_one_mebibyte_stack() {
    let mixed = format!(
        "echo {}true{}",
        "$(if true; then ".repeat(15),
        "; fi)".repeat(15)
    );
    let braces = format!("{}true{}", "{ ".repeat(31), "; }".repeat(31));
    let substitutions = format!("echo {}true{}", "\"$(".repeat(15), ")\"".repeat(15));
    for script in [mixed, braces, substitutions] {
        let worker = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || analyze(&script).map(|analysed| analysed.commands.len()))
            .unwrap();
        let analysed = worker.join().expect("analysis fits in the stack");
        assert!(analysed.is_ok(), "{analysed:?}");
    }
}

#[test]
fn random_fragments_do_not_panic_or_hang() {
    // A fixed linear congruential generator keeps the inputs the same on every run.
    let pieces = [
        "a",
        " ",
        "$(",
        ")",
        "(",
        "`",
        "'",
        "\"",
        "\\",
        "${",
        "}",
        "case",
        "in",
        "esac",
        ";;",
        "\n",
        "<<",
        "EOF",
        "|",
        "&&",
        ";",
        "[[",
        "]]",
        "if",
        "then",
        "fi",
        "{",
        "é",
        "#",
        "$((",
        "<(",
        "2>",
        "=",
        "''",
        "\"\"",
        "  ",
        "\t",
        "<<-",
        "for",
        "do",
        "done",
        "$'",
        "@(",
        "))",
        "((",
        "9999999999>",
        "<<<",
        "${#",
        "function",
        "f()",
        "while",
        "!",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for iteration in 0..3000 {
        let mut script = String::new();
        for _ in 0..8 + iteration % 60 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            script.push_str(pieces[(state >> 33) as usize % pieces.len()]);
        }
        let start = std::time::Instant::now();
        if let Ok(analysed) = analyze(&script) {
            assert_word_spans(&script, &analysed.commands);
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(1),
            "slow on {script:?}"
        );
    }
}

/// RUN bodies of a corpus, each with a `file:line` label.
type LabelledBodies = Vec<(String, String)>;

/// Reads a golden-parse corpus: one JSON file per Dockerfile that lists its instructions.
/// Returns the shell-form RUN bodies without heredocs, and the heredoc RUNs rebuilt as one
/// script, skipping Windows files.
fn corpus_bodies(dir: &std::path::Path) -> (LabelledBodies, LabelledBodies) {
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
        let preview: String = body.chars().take(160).collect();
        println!("  {label}: {error}: {preview:?}");
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

    // CPU time of this thread, from Linux's /proc, so that other processes on the machine do
    // not count; the best of five runs is kept.
    let thread_cpu_seconds = || {
        let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
        let nanoseconds: f64 = schedstat
            .split_whitespace()
            .next()
            .and_then(|field| field.parse().ok())
            .unwrap_or(0.0);
        nanoseconds / 1e9
    };
    let time = |run: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let start = thread_cpu_seconds();
                run();
                thread_cpu_seconds() - start
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

fn reference_unquote(
    word: &str,
    pieces: &[brush_parser::word::WordPieceWithSource],
    out: &mut String,
) {
    use brush_parser::word::WordPiece;
    for piece in pieces {
        match &piece.piece {
            WordPiece::Text(text) | WordPiece::SingleQuotedText(text) => out.push_str(text),
            WordPiece::DoubleQuotedSequence(inner)
            | WordPiece::GettextDoubleQuotedSequence(inner) => reference_unquote(word, inner, out),
            WordPiece::EscapeSequence(escape) => out.push_str(&escape[1..]),
            _ => out.push_str(&word[piece.start_index..piece.end_index]),
        }
    }
}

#[test]
#[ignore = "needs a corpus directory in PLIMSOLL_GOLDEN_PARSE"]
fn corpus_unquote_differences() {
    let Ok(dir) = std::env::var("PLIMSOLL_GOLDEN_PARSE") else {
        return;
    };
    let (plain, _) = corpus_bodies(std::path::Path::new(&dir));
    let options = brush_parser::ParserOptions::default();
    let mut words = 0;
    let mut differences = 0;
    for (label, body) in &plain {
        let Ok(script) = analyze(body) else { continue };
        for command in &script.commands {
            for word in command.argv.iter().chain(&command.assignments) {
                if command.nesting.in_command_substitution && word.raw.contains('`') {
                    continue;
                }
                words += 1;
                let Ok(pieces) = brush_parser::word::parse(&word.raw, &options) else {
                    println!("{label}: brush cannot parse {:?}", word.raw);
                    continue;
                };
                let mut expected = String::new();
                reference_unquote(&word.raw, &pieces, &mut expected);
                if expected != word.value {
                    differences += 1;
                    if differences <= 40 {
                        println!(
                            "{label}: raw {:?}\n    ours  {:?}\n    brush {:?}",
                            word.raw, word.value, expected
                        );
                    }
                }
            }
        }
    }
    println!("words: {words}, differences: {differences}");
}
