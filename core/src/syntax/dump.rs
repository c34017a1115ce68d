//! The parse in BuildKit's own terms, as JSON: one object per instruction.

use serde_json::{Value, json};

use super::ast::{Arguments, Dockerfile, Instruction};

/// Returns the instructions as BuildKit's parser reports them: `cmd`, `sub_cmd`, `json`,
/// `original`, `start_line`, `end_line`, `flags`, `value` and `heredocs`, plus byte offsets.
/// Parse errors are not part of this list; they are in [`Dockerfile::diagnostics`].
pub fn to_buildkit_json(dockerfile: &Dockerfile) -> Value {
    let instructions = dockerfile
        .instructions
        .iter()
        .map(instruction_json)
        .collect();
    Value::Array(instructions)
}

/// BuildKit's `Original`: the logical line, followed for heredocs by each body and its
/// delimiter, as the `dockerfile` Python package writes it.
fn original(instruction: &Instruction) -> String {
    let mut original = instruction.line.text.clone();
    let heredocs = &instruction.effective().heredocs;
    if !heredocs.is_empty() {
        original.push('\n');
        for heredoc in heredocs {
            original.push_str(&heredoc.content);
            original.push_str(&heredoc.name);
            original.push('\n');
        }
    }
    original
}

fn instruction_json(instruction: &Instruction) -> Value {
    let sub_cmd = match &instruction.arguments {
        Arguments::Onbuild(inner) => Value::String(inner.name()),
        _ => Value::Null,
    };
    let effective = instruction.effective();
    let heredocs: Vec<Value> = effective
        .heredocs
        .iter()
        .map(|heredoc| {
            json!({
                "name": heredoc.name,
                "file_descriptor": heredoc.file_descriptor,
                "content": heredoc.content,
            })
        })
        .collect();
    json!({
        "cmd": instruction.name(),
        "sub_cmd": sub_cmd,
        "json": effective.json,
        "original": original(instruction),
        "start_line": instruction.start_line,
        "end_line": instruction.end_line,
        "flags": instruction.flags.iter().map(|flag| flag.raw.clone()).collect::<Vec<_>>(),
        "value": instruction.value_list(),
        "heredocs": heredocs,
        "start_offset": instruction.span.start,
        "end_offset": instruction.span.end,
    })
}
