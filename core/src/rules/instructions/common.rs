//! Readings of COPY and FROM that several instruction rules share.

use crate::image::config::ImageConfig;
use crate::model::{Base, Model};
use crate::rules::Context;
use crate::syntax::ast::{Arguments, Flag, Instruction, Keyword, Word};

/// Returns the sources and the destination of a COPY, or `None` for any other instruction
/// or a COPY with fewer than two words.
pub fn copy_paths(instruction: &Instruction) -> Option<(&[Word], &Word)> {
    if instruction.keyword != Keyword::Copy {
        return None;
    }
    paths(instruction)
}

/// Returns the sources and the destination of a COPY or an ADD.
pub fn copy_or_add_paths(instruction: &Instruction) -> Option<(&[Word], &Word)> {
    if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    paths(instruction)
}

fn paths(instruction: &Instruction) -> Option<(&[Word], &Word)> {
    match &instruction.arguments {
        Arguments::Words(words) | Arguments::Exec(words) if words.len() >= 2 => {
            let (destination, sources) = words.split_last()?;
            Some((sources, destination))
        }
        _ => None,
    }
}

/// Returns the `--from` flag of a COPY and its value, unless the value is empty, which BuildKit
/// reads as no `--from`.
pub fn copy_from(instruction: &Instruction) -> Option<(&Flag, &str)> {
    if instruction.keyword != Keyword::Copy {
        return None;
    }
    let flag = instruction.flag("from")?;
    let value = flag.value.as_deref().filter(|value| !value.is_empty())?;
    Some((flag, value))
}

/// Removes every double and single quote character, as hadolint does with paths.
pub fn strip_quotes(text: &str) -> String {
    text.chars()
        .filter(|ch| !matches!(ch, '"' | '\''))
        .collect()
}

/// Returns true for `/x`, `\x` and Windows paths with a drive letter such as `C:\x` or `c:/x`.
pub fn is_absolute_path(path: &str) -> bool {
    let mut chars = path.chars();
    match (chars.next(), chars.next()) {
        (Some('/' | '\\'), _) => true,
        (Some(drive), Some(':')) => drive.is_ascii_alphabetic(),
        _ => false,
    }
}

/// Returns the base image configuration given in the options if stage `index`, through its
/// `FROM <stage>` chain, builds on the same image as the first stage.
pub fn given_base_image<'a>(context: &Context<'a>, index: usize) -> Option<&'a ImageConfig> {
    let config = context.options.base_image.as_deref()?;
    let model = context.model;
    let stage = model.stages.get(root_stage(model, index))?;
    let first = model.stages.first()?;
    (matches!(stage.base, Base::Image(_)) && stage.image_expanded == first.image_expanded)
        .then_some(config)
}

/// Returns the stage at the root of the `FROM <stage>` chain of stage `index`.
pub fn root_stage(model: &Model, index: usize) -> usize {
    let mut current = index;
    // A base stage always comes earlier in the file, so the walk ends.
    while let Some(Base::Stage(parent)) = model.stages.get(current).map(|stage| &stage.base) {
        if *parent >= current {
            break;
        }
        current = *parent;
    }
    current
}

/// Returns, per stage, true if `own` is true for the stage or for a stage it is built on with
/// `FROM <stage>`, directly or not. It takes one pass, because a base stage always comes
/// earlier in the file.
pub fn inherited(model: &Model, own: &[bool]) -> Vec<bool> {
    let mut result: Vec<bool> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let from_parent = match stage.base {
            Base::Stage(parent) => result.get(parent).copied().unwrap_or(false),
            _ => false,
        };
        result.push(own.get(stage.index).copied().unwrap_or(false) || from_parent);
    }
    result
}

/// Returns, per stage, true if `own` is true for the stage or for a stage built on it with
/// `FROM <stage>`, directly or not.
pub fn passed_down(model: &Model, own: &[bool]) -> Vec<bool> {
    let mut result = own.to_vec();
    result.resize(model.stages.len(), false);
    for stage in model.stages.iter().rev() {
        if let Base::Stage(parent) = stage.base
            && parent < stage.index
            && result[stage.index]
        {
            result[parent] = true;
        }
    }
    result
}
