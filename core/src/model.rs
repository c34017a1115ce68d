//! The semantic model of a Dockerfile: build stages, build arguments and the stage graph.
//!
//! Values are expanded the way BuildKit expands them. `FROM` reads only the global ARGs (those
//! before the first `FROM`) and the built-in platform ARGs. Instructions inside a stage read the
//! ARGs declared in that stage and the ENVs of the stage and its parent stages.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use crate::expand::{Env, ExpandError, Lexer};
use crate::reference::ImageReference;
use crate::source::Span;
use crate::syntax::ast::{Arguments, Dockerfile, Instruction, Keyword, Word};

/// Built-in ARGs that BuildKit defines for every build, with the values of a build on
/// linux/amd64. Their values only matter for expansion; no rule depends on the platform.
const PLATFORM_ARGS: [(&str, &str); 8] = [
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
];

/// Expanded values are cut to this many bytes.
const MAX_EXPANDED_LENGTH: usize = 1 << 20;

/// Variables copied into scope snapshots before scopes stop being updated. It bounds the time
/// and memory of files with very many ENV and ARG instructions.
const SCOPE_BUDGET: usize = 4_000_000;

/// An `ARG` declaration: one name of an ARG instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDeclaration {
    pub name: String,
    /// The default as written, quotes kept, or `None` for `ARG NAME`.
    pub default: Option<String>,
    /// Index of the ARG instruction in [`Dockerfile::instructions`].
    pub instruction: usize,
    pub span: Span,
}

/// The base of a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// An earlier stage of this Dockerfile, by index.
    Stage(usize),
    /// An image from a registry.
    Image(ImageReference),
    /// The expanded reference is not a valid image reference.
    Invalid { expanded: String, message: String },
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Clone, Debug)]
pub struct Stage {
    pub index: usize,
    /// The stage name, lower-cased as BuildKit stores it.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// Index of the FROM instruction in [`Dockerfile::instructions`].
    pub from: usize,
    /// Indices of the stage's instructions, FROM included.
    pub instructions: Range<usize>,
    /// The image word as written.
    pub image: Word,
    /// The image word with global ARGs expanded.
    pub image_expanded: String,
    /// Whether the image word uses a variable.
    pub image_uses_variables: bool,
    pub base: Base,
    /// `--platform` with global ARGs expanded.
    pub platform: Option<String>,
    /// Stages this one needs: its base stage, `COPY --from` and `RUN --mount from=` sources.
    pub dependencies: Vec<usize>,
}

/// Stages, build arguments and the target of a Dockerfile.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// ARGs declared before the first FROM.
    pub global_args: Vec<ArgDeclaration>,
    pub stages: Vec<Stage>,
    /// The stage that is built: the `--target` stage, or the last one.
    pub target: Option<usize>,
    /// Per stage: true if building the target builds it.
    pub reachable: Vec<bool>,
    /// Per instruction: the stage it belongs to, `None` before the first FROM.
    pub stage_of: Vec<Option<usize>>,
    /// Values of the global ARGs after `--build-arg` overrides; unset ARGs are absent.
    pub global_values: Vec<(String, String)>,
    /// `--build-arg` values.
    pub build_args: Vec<(String, String)>,
    pub escape: char,
    /// Per instruction: the variables in scope, shared between instructions.
    scopes: Vec<Arc<Values>>,
    /// `global_values` with an index by name.
    global_scope: Arc<Values>,
    /// Names of the ARGs declared before the first FROM.
    global_names: HashSet<String>,
    /// Per stage name: the indices of the stages with that name, in order.
    stage_names: HashMap<String, Vec<usize>>,
    /// Per stage: true if the stage is the target or a `FROM <stage>` parent of it.
    in_final_image: Vec<bool>,
    /// Per stage: the first stage of its chain of `FROM <stage>` parents.
    roots: Vec<usize>,
}

/// Name and value pairs in definition order, each name once, with an index by name so that
/// lookups and updates do not scan the list.
#[derive(Clone, Debug, Default)]
struct Values {
    list: Vec<(String, String)>,
    index: HashMap<String, usize>,
}

impl Values {
    fn set(&mut self, key: &str, value: String) {
        match self.index.get(key) {
            Some(&at) => self.list[at].1 = value,
            None => {
                self.index.insert(key.to_string(), self.list.len());
                self.list.push((key.to_string(), value));
            }
        }
    }
}

impl Env for Values {
    fn get(&self, name: &str) -> Option<&str> {
        self.index.get(name).map(|&at| self.list[at].1.as_str())
    }
}

/// A `--target` that names no stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTarget {
    pub target: String,
    pub stages: Vec<String>,
}

impl Model {
    /// Builds the model. `target` names the stage to build; the last stage when `None`.
    pub fn build(
        dockerfile: &Dockerfile,
        build_args: &[(String, String)],
        target: Option<&str>,
    ) -> Result<Model, UnknownTarget> {
        let mut model = Model {
            build_args: build_args.to_vec(),
            escape: dockerfile.escape,
            stage_of: vec![None; dockerfile.instructions.len()],
            ..Model::default()
        };
        model.collect_global_args(dockerfile);
        model.collect_stages(dockerfile);
        model.link_dependencies(dockerfile);
        model.choose_target(target)?;
        model.compute_scopes(dockerfile);
        Ok(model)
    }

    fn collect_global_args(&mut self, dockerfile: &Dockerfile) {
        let mut values = Values::default();
        for (name, value) in PLATFORM_ARGS {
            values.set(name, value.to_string());
        }
        for (index, instruction) in dockerfile.instructions.iter().enumerate() {
            match instruction.keyword {
                Keyword::From => break,
                Keyword::Arg => {
                    for declaration in arg_declarations(instruction, index) {
                        let value = self
                            .build_arg(&declaration.name)
                            .map(str::to_string)
                            .or_else(|| {
                                let default = declaration.default.as_deref()?;
                                Some(self.expand_with(default, &values).unwrap_or_default())
                            });
                        if let Some(value) = value {
                            values.set(&declaration.name, value);
                        }
                        self.global_names.insert(declaration.name.clone());
                        self.global_args.push(declaration);
                    }
                }
                _ => {}
            }
        }
        self.global_values = values.list.clone();
        self.global_scope = Arc::new(values);
    }

    fn build_arg(&self, name: &str) -> Option<&str> {
        self.build_args
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn collect_stages(&mut self, dockerfile: &Dockerfile) {
        let instructions = &dockerfile.instructions;
        let from_indices: Vec<usize> = instructions
            .iter()
            .enumerate()
            .filter(|(_, instruction)| instruction.keyword == Keyword::From)
            .map(|(index, _)| index)
            .collect();
        for (stage_index, &from) in from_indices.iter().enumerate() {
            let end = from_indices
                .get(stage_index + 1)
                .copied()
                .unwrap_or(instructions.len());
            for slot in &mut self.stage_of[from..end] {
                *slot = Some(stage_index);
            }
            let stage = self.stage_from(&instructions[from], stage_index, from, from..end);
            let root = match stage.base {
                Base::Stage(parent) => self.roots[parent],
                _ => stage_index,
            };
            self.roots.push(root);
            if let Some(name) = &stage.name {
                self.stage_names
                    .entry(name.clone())
                    .or_default()
                    .push(stage_index);
            }
            self.stages.push(stage);
        }
    }

    fn stage_from(
        &self,
        instruction: &Instruction,
        index: usize,
        from: usize,
        instructions: Range<usize>,
    ) -> Stage {
        let words: &[Word] = match &instruction.arguments {
            Arguments::Words(words) => words,
            _ => &[],
        };
        let image = words.first().cloned().unwrap_or(Word {
            value: String::new(),
            span: instruction.span,
        });
        let (name, name_span) = match words {
            [_, as_keyword, name] if as_keyword.value.eq_ignore_ascii_case("as") => {
                (Some(name.value.to_ascii_lowercase()), Some(name.span))
            }
            _ => (None, None),
        };
        let image_expanded = self
            .expand_with(&image.value, &*self.global_scope)
            .unwrap_or_else(|_| image.value.clone());
        let image_uses_variables = image.value.contains('$');
        let platform = instruction.flag("platform").and_then(|flag| {
            let value = flag.value.as_deref()?;
            Some(
                self.expand_with(value, &*self.global_scope)
                    .unwrap_or_else(|_| value.to_string()),
            )
        });
        let base = self.resolve_base(&image_expanded, index);
        Stage {
            index,
            name,
            name_span,
            from,
            instructions,
            image,
            image_expanded,
            image_uses_variables,
            base,
            platform,
            dependencies: Vec::new(),
        }
    }

    fn resolve_base(&self, expanded: &str, index: usize) -> Base {
        if expanded.eq_ignore_ascii_case("scratch") {
            return Base::Scratch;
        }
        if let Some(stage) = self.last_stage_named(expanded, index) {
            return Base::Stage(stage);
        }
        match ImageReference::parse(expanded) {
            Ok(reference) => Base::Image(reference),
            Err(error) => Base::Invalid {
                expanded: expanded.to_string(),
                message: error.message,
            },
        }
    }

    /// Finds the stage that `reference` names for an instruction of stage `current`: a stage
    /// name, or a stage index written as a number.
    pub fn stage_named(&self, reference: &str, current: usize) -> Option<usize> {
        if let Some(stage) = self.last_stage_named(reference, current) {
            return Some(stage);
        }
        match reference.parse::<usize>() {
            Ok(index) if index < current => Some(index),
            _ => None,
        }
    }

    /// Returns the last stage before stage `before` named `name`, compared without case.
    fn last_stage_named(&self, name: &str, before: usize) -> Option<usize> {
        let indices = self.stage_names.get(&name.to_ascii_lowercase())?;
        let count = indices.partition_point(|&index| index < before);
        count.checked_sub(1).map(|last| indices[last])
    }

    fn link_dependencies(&mut self, dockerfile: &Dockerfile) {
        for stage_index in 0..self.stages.len() {
            let mut dependencies = Vec::new();
            if let Base::Stage(parent) = self.stages[stage_index].base {
                dependencies.push(parent);
            }
            let range = self.stages[stage_index].instructions.clone();
            for instruction in &dockerfile.instructions[range] {
                let instruction = instruction.effective();
                if instruction.keyword == Keyword::Copy
                    && let Some(from) = instruction.flag("from").and_then(|f| f.value.as_deref())
                    && let Some(source) = self.stage_named(from, stage_index)
                {
                    dependencies.push(source);
                }
                if instruction.keyword == Keyword::Run {
                    for flag in instruction.flags.iter().filter(|flag| flag.name == "mount") {
                        let Some(value) = flag.value.as_deref() else {
                            continue;
                        };
                        if let Some(from) = mount_option(value, &["from"])
                            && let Some(source) = self.stage_named(from, stage_index)
                        {
                            dependencies.push(source);
                        }
                    }
                }
            }
            dependencies.sort_unstable();
            dependencies.dedup();
            self.stages[stage_index].dependencies = dependencies;
        }
    }

    fn choose_target(&mut self, target: Option<&str>) -> Result<(), UnknownTarget> {
        self.reachable = vec![false; self.stages.len()];
        let target_index = match target {
            Some(name) => {
                let lower = name.to_ascii_lowercase();
                let found = self
                    .stages
                    .iter()
                    .find(|stage| stage.name.as_deref() == Some(lower.as_str()));
                match found {
                    Some(stage) => Some(stage.index),
                    None => {
                        return Err(UnknownTarget {
                            target: name.to_string(),
                            stages: self.stages.iter().filter_map(|s| s.name.clone()).collect(),
                        });
                    }
                }
            }
            None => self.stages.len().checked_sub(1),
        };
        self.target = target_index;
        self.in_final_image = vec![false; self.stages.len()];
        let mut current = target_index;
        while let Some(stage) = current {
            self.in_final_image[stage] = true;
            current = match self.stages[stage].base {
                // A parent always comes before its child, so the walk ends.
                Base::Stage(parent) if parent < stage => Some(parent),
                _ => None,
            };
        }
        let mut pending: Vec<usize> = target_index.into_iter().collect();
        while let Some(index) = pending.pop() {
            if self.reachable[index] {
                continue;
            }
            self.reachable[index] = true;
            pending.extend(self.stages[index].dependencies.iter().copied());
        }
        Ok(())
    }

    /// Returns the target stage.
    pub fn target_stage(&self) -> Option<&Stage> {
        self.target.map(|index| &self.stages[index])
    }

    /// Returns true if stage `index` is the target or a stage the target is built on with
    /// `FROM`, so that its filesystem and configuration end up in the final image.
    pub fn is_in_final_image(&self, index: usize) -> bool {
        self.in_final_image.get(index).copied().unwrap_or(false)
    }

    /// Returns the first stage of the chain of `FROM <stage>` parents of stage `index`, the
    /// last element of [`Model::ancestry`].
    pub fn root(&self, index: usize) -> usize {
        self.roots.get(index).copied().unwrap_or(index)
    }

    /// Returns the chain of stages from `index` up through its `FROM <stage>` parents.
    pub fn ancestry(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut current = index;
        while let Base::Stage(parent) = self.stages[current].base {
            // A parent always comes before its child; this guards the loop all the same.
            if parent >= current {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
    }

    /// Expands `text` with BuildKit's rules in the scope of instruction `at`: the ARGs declared
    /// in its stage before it and the ENVs of the stage and its parents.
    pub fn expand(&self, at: usize, text: &str) -> Result<String, ExpandError> {
        let scope = self.scopes.get(at).unwrap_or(&self.global_scope);
        self.expand_with(text, &**scope)
    }

    fn expand_with(&self, text: &str, values: &dyn Env) -> Result<String, ExpandError> {
        if !text.contains('$') && !text.contains(self.escape) && !text.contains(['\'', '"']) {
            return Ok(text.to_string());
        }
        let mut value = Lexer::new(self.escape).process_word(text, values)?.value;
        // `ENV a=$a$a` repeated doubles the value each time; cut it so that a hostile file
        // cannot exhaust memory.
        if value.len() > MAX_EXPANDED_LENGTH {
            let mut cut = MAX_EXPANDED_LENGTH;
            while !value.is_char_boundary(cut) {
                cut -= 1;
            }
            value.truncate(cut);
        }
        Ok(value)
    }

    /// Returns the value of the variable `name` visible to instruction `at`, without scanning
    /// the scope.
    pub fn lookup(&self, at: usize, name: &str) -> Option<&str> {
        self.scopes.get(at).unwrap_or(&self.global_scope).get(name)
    }

    /// Returns the value of the ARG `name` declared before the first FROM, after
    /// `--build-arg` overrides, or `None` when no such ARG is declared or it has no value.
    pub fn global_arg_value(&self, name: &str) -> Option<&str> {
        if !self.global_names.contains(name) {
            return None;
        }
        self.global_scope.get(name)
    }

    /// Returns the variables visible to instruction `at`, ENV before ARG of the same name.
    pub fn scope(&self, at: usize) -> &[(String, String)] {
        self.scopes
            .get(at)
            .map_or(self.global_values.as_slice(), |scope| scope.list.as_slice())
    }

    /// Computes the scope of every instruction in one pass. Instructions share a snapshot until
    /// an ENV or ARG changes it.
    fn compute_scopes(&mut self, dockerfile: &Dockerfile) {
        let mut scopes: Vec<Arc<Values>> =
            vec![Arc::clone(&self.global_scope); dockerfile.instructions.len()];
        let mut final_env: Vec<Values> = Vec::with_capacity(self.stages.len());
        let mut budget = SCOPE_BUDGET;
        for stage in &self.stages {
            let mut env = match stage.base {
                Base::Stage(parent) => final_env.get(parent).cloned().unwrap_or_default(),
                _ => Values::default(),
            };
            let mut args = Values::default();
            let mut current = Arc::new(env.clone());
            for index in stage.instructions.clone() {
                scopes[index] = Arc::clone(&current);
                if budget == 0 {
                    continue;
                }
                let instruction = &dockerfile.instructions[index];
                let changed = match (&instruction.keyword, &instruction.arguments) {
                    (Keyword::Env, Arguments::Pairs(pairs)) => {
                        // All pairs of one ENV see the values from before it.
                        for pair in pairs {
                            let key = self
                                .expand_with(&pair.key.value, &*current)
                                .unwrap_or_else(|_| pair.key.value.clone());
                            let value = self
                                .expand_with(&pair.value.value, &*current)
                                .unwrap_or_else(|_| pair.value.value.clone());
                            env.set(&key, value);
                        }
                        true
                    }
                    (Keyword::Arg, _) => {
                        for declaration in arg_declarations(instruction, index) {
                            let value = self.stage_arg_value(&declaration, &current);
                            if let Some(value) = value {
                                args.set(&declaration.name, value);
                            }
                        }
                        true
                    }
                    _ => false,
                };
                if changed {
                    let mut combined = args.clone();
                    for (key, value) in &env.list {
                        combined.set(key, value.clone());
                    }
                    budget = budget.saturating_sub(combined.list.len() + 1);
                    current = Arc::new(combined);
                }
            }
            final_env.push(env);
        }
        // TODO: once the budget is spent, later instructions keep the last scope computed, so
        // expansions there can miss variables; only files with tens of thousands of ENV and
        // ARG instructions reach it.
        self.scopes = scopes;
    }

    /// Returns the value of a stage ARG: a `--build-arg`, else its own default expanded in
    /// the scope before it, else the value of the global ARG of that name.
    fn stage_arg_value(&self, declaration: &ArgDeclaration, scope: &Values) -> Option<String> {
        if let Some(value) = self.build_arg(&declaration.name) {
            return Some(value.to_string());
        }
        if let Some(default) = declaration.default.as_deref() {
            return Some(self.expand_with(default, scope).unwrap_or_default());
        }
        self.global_arg_value(&declaration.name).map(str::to_string)
    }
}

/// Returns the declarations of an ARG instruction.
pub fn arg_declarations(instruction: &Instruction, index: usize) -> Vec<ArgDeclaration> {
    let Arguments::Words(words) = &instruction.arguments else {
        return Vec::new();
    };
    words
        .iter()
        .map(|word| {
            let (name, default) = match word.value.split_once('=') {
                Some((name, default)) => (name.to_string(), Some(default.to_string())),
                None => (word.value.clone(), None),
            };
            ArgDeclaration {
                name,
                default,
                instruction: index,
                span: word.span,
            }
        })
        .collect()
}

/// Returns the value of the first of `keys` in a `--mount` option list
/// (`type=cache,target=/root/.cache,from=builder`).
pub fn mount_option<'a>(mount: &'a str, keys: &[&str]) -> Option<&'a str> {
    mount.split(',').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        keys.iter()
            .any(|wanted| key.trim().eq_ignore_ascii_case(wanted))
            .then_some(value.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn model(text: &str) -> (Dockerfile, Model) {
        let dockerfile = parse(text.as_bytes());
        let model = Model::build(&dockerfile, &[], None).expect("no target given");
        (dockerfile, model)
    }

    #[test]
    fn from_uses_global_arg_default() {
        let (_, model) = model("ARG BASE=debian:12\nFROM ${BASE}\n");
        assert_eq!(model.stages[0].image_expanded, "debian:12");
        let Base::Image(reference) = &model.stages[0].base else {
            panic!("expected an image base");
        };
        assert_eq!(reference.tag.as_deref(), Some("12"));
    }

    #[test]
    fn build_arg_overrides_default() {
        let dockerfile = parse(b"ARG BASE=debian:12\nFROM $BASE\n");
        let args = vec![("BASE".to_string(), "alpine:3.20".to_string())];
        let model = Model::build(&dockerfile, &args, None).unwrap();
        assert_eq!(model.stages[0].image_expanded, "alpine:3.20");
    }

    #[test]
    fn stage_graph_and_reachability() {
        let (_, model) = model(
            "FROM golang:1.22 AS build\nFROM alpine:3.20 AS unused\nFROM build AS test\n\
             FROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out /app\n",
        );
        assert_eq!(model.stages[2].base, Base::Stage(0));
        assert_eq!(model.target, Some(3));
        assert_eq!(model.reachable, vec![true, false, false, true]);
        assert!(model.is_in_final_image(3));
        assert!(!model.is_in_final_image(0));
    }

    #[test]
    fn stage_names_resolve_to_the_latest_earlier_stage() {
        let (_, model) =
            model("FROM a:1 AS x\nFROM b:1 AS X\nFROM x AS y\nFROM y\nCOPY --from=x /a /b\n");
        assert_eq!(model.stages[2].base, Base::Stage(1));
        assert_eq!(model.stage_named("x", 1), Some(0));
        assert_eq!(model.stage_named("X", 3), Some(1));
        assert_eq!(model.stage_named("y", 2), None);
        assert_eq!(model.ancestry(3), vec![3, 2, 1]);
        assert_eq!(model.root(3), 1);
        assert_eq!(model.root(0), 0);
        assert!(model.is_in_final_image(1));
        assert!(!model.is_in_final_image(0));
    }

    #[test]
    fn global_args_are_looked_up_by_name() {
        let (_, model) = model("ARG A=1\nARG B=$A$A\nARG A=3\nFROM x:$B\nARG A\nARG B\nRUN x\n");
        assert_eq!(model.stages[0].image_expanded, "x:11");
        assert_eq!(model.expand(6, "$A-$B-$TARGETOS").unwrap(), "3-11-");
        assert_eq!(model.lookup(6, "B"), Some("11"));
        assert_eq!(model.lookup(6, "TARGETOS"), None);
        assert_eq!(model.global_arg_value("A"), Some("3"));
        assert_eq!(model.global_arg_value("TARGETOS"), None);
    }

    #[test]
    fn unknown_target_is_error() {
        let dockerfile = parse(b"FROM alpine:3.20 AS app\n");
        let error = Model::build(&dockerfile, &[], Some("missing")).unwrap_err();
        assert_eq!(error.stages, vec!["app".to_string()]);
    }

    #[test]
    fn scope_includes_parent_env() {
        let (dockerfile, model) =
            model("FROM alpine:3.20 AS base\nENV APP=/srv\nFROM base\nARG V=1\nWORKDIR $APP/$V\n");
        let expanded = model.expand(4, "$APP/$V").unwrap();
        assert_eq!(expanded, "/srv/1");
        let _ = dockerfile;
    }

    #[test]
    fn parent_env_keeps_values_of_parent_args() {
        let (_, model) = model("FROM a:1 AS base\nARG V=7\nENV X=v$V\nFROM base\nRUN x\n");
        assert_eq!(model.expand(4, "$X-$V").unwrap(), "v7-");
    }

    #[test]
    fn doubling_env_is_bounded() {
        let mut text = String::from("FROM a:1\nENV a=xxxxxxxx\n");
        for _ in 0..40 {
            text.push_str("ENV a=$a$a\n");
        }
        text.push_str("RUN x\n");
        let (dockerfile, model) = model(&text);
        let last = dockerfile.instructions.len() - 1;
        assert!(model.expand(last, "$a").unwrap().len() <= 1 << 20);
    }
}
