//! dive's efficiency figures, computed with dive's own formulas so that its CI thresholds mean
//! the same here.
//!
//! dive builds one tree per layer from the tar entries (parents that the layer does not list
//! are added with an empty record: not a directory, size 0), visits the leaves of each tree in
//! name order, and for each path adds up the sizes it sees and keeps the smallest. A whiteout
//! leaf counts the size of everything under the path in the layers below when that was a
//! directory, and 0 otherwise. When a whiteout names a path that the layers below do not have,
//! dive stops visiting the rest of that layer. Opaque markers are dropped.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use super::analysis::DiveFigures;

const WHITEOUT_PREFIX: &str = ".wh.";
const META_PREFIX: &str = ".wh..wh.";

#[derive(Clone, Copy, Debug, Default)]
struct Info {
    size: u64,
    is_dir: bool,
}

#[derive(Clone, Copy, Debug)]
struct PathFigures {
    cumulative: u64,
    min: u64,
    seen: u32,
}

/// dive's state across layers.
#[derive(Default)]
pub(crate) struct Dive {
    /// The layers so far, stacked the way dive stacks them.
    stacked: BTreeMap<String, Info>,
    figures: HashMap<String, PathFigures>,
    layer_sizes: Vec<u64>,
    layers_done: usize,
}

/// One layer's tree as dive builds it.
#[derive(Default)]
pub(crate) struct DiveLayer {
    nodes: BTreeMap<String, Info>,
    size: u64,
}

impl DiveLayer {
    /// Adds one tar entry; `path` is absolute and cleaned, `/` for the root.
    pub(crate) fn add(&mut self, path: &str, size: u64, is_dir: bool) {
        if path == "/" {
            return;
        }
        self.size = self.size.saturating_add(size);
        let mut end = 0;
        let bytes = path.as_bytes();
        loop {
            let next = bytes[end + 1..]
                .iter()
                .position(|&b| b == b'/')
                .map(|at| end + 1 + at);
            let component_end = next.unwrap_or(path.len());
            let component = &path[end + 1..component_end];
            let prefix = &path[..component_end];
            let is_last = next.is_none();
            if !self.nodes.contains_key(prefix) {
                if component.starts_with(META_PREFIX) {
                    return;
                }
                self.nodes.insert(prefix.to_string(), Info::default());
            }
            if is_last {
                self.nodes.insert(prefix.to_string(), Info { size, is_dir });
                return;
            }
            end = component_end;
        }
    }
}

/// Orders paths the way a depth-first, children-first walk over name-sorted children meets
/// them: component by component, and a directory after everything under it.
fn walk_order(a: &str, b: &str) -> Ordering {
    let mut left = a.split('/');
    let mut right = b.split('/');
    loop {
        match (left.next(), right.next()) {
            (Some(x), Some(y)) => match x.cmp(y) {
                Ordering::Equal => {}
                other => return other,
            },
            (Some(_), None) => return Ordering::Less,
            (None, Some(_)) => return Ordering::Greater,
            (None, None) => return Ordering::Equal,
        }
    }
}

fn has_children(tree: &BTreeMap<String, Info>, path: &str) -> bool {
    let prefix = format!("{path}/");
    tree.range(prefix.clone()..)
        .next()
        .is_some_and(|(key, _)| key.starts_with(&prefix))
}

fn subtree_keys(tree: &BTreeMap<String, Info>, path: &str) -> Vec<String> {
    let prefix = format!("{path}/");
    let mut keys: Vec<String> = tree
        .range(prefix.clone()..)
        .take_while(|(key, _)| key.starts_with(&prefix))
        .map(|(key, _)| key.clone())
        .collect();
    if tree.contains_key(path) {
        keys.push(path.to_string());
    }
    keys
}

/// Splits a whiteout leaf into the path it deletes, or returns `None` for other leaves.
fn whiteout_target(path: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/')?;
    let target = name.strip_prefix(WHITEOUT_PREFIX)?;
    Some(format!("{dir}/{target}"))
}

impl Dive {
    /// Takes in a layer once all its entries are added.
    pub(crate) fn finish_layer(&mut self, layer: DiveLayer) {
        self.layer_sizes.push(layer.size);
        let mut leaves: Vec<&String> = layer
            .nodes
            .keys()
            .filter(|path| !has_children(&layer.nodes, path))
            .collect();
        leaves.sort_by(|a, b| walk_order(a, b));
        // dive looks whiteouts of the first layer up in that layer itself.
        let lower = if self.layers_done == 0 {
            &layer.nodes
        } else {
            &self.stacked
        };
        for path in leaves {
            let (key, size) = match whiteout_target(path) {
                Some(target) => match lower.get(&target) {
                    None => break,
                    Some(info) if info.is_dir => {
                        let prefix = format!("{target}/");
                        let below: u64 = lower
                            .range(prefix.clone()..)
                            .take_while(|(key, _)| key.starts_with(&prefix))
                            .map(|(_, info)| info.size)
                            .fold(0, u64::saturating_add);
                        (target, below.saturating_add(info.size))
                    }
                    Some(_) => (target, 0),
                },
                None => (path.clone(), layer.nodes[path].size),
            };
            let entry = self.figures.entry(key).or_insert(PathFigures {
                cumulative: 0,
                min: size,
                seen: 0,
            });
            entry.cumulative = entry.cumulative.saturating_add(size);
            entry.min = entry.min.min(size);
            entry.seen = entry.seen.saturating_add(1);
        }

        let mut all: Vec<(&String, &Info)> = layer.nodes.iter().collect();
        all.sort_by(|a, b| walk_order(a.0, b.0));
        for (path, info) in all {
            match whiteout_target(path) {
                Some(target) => {
                    for key in subtree_keys(&self.stacked, &target) {
                        self.stacked.remove(&key);
                    }
                }
                None => {
                    self.stacked.insert(path.clone(), *info);
                }
            }
        }
        self.layers_done += 1;
    }

    pub(crate) fn figures(&self) -> DiveFigures {
        let mut minimum: u64 = 0;
        let mut discovered: u64 = 0;
        let mut wasted: u64 = 0;
        for figures in self.figures.values() {
            minimum = minimum.saturating_add(figures.min);
            discovered = discovered.saturating_add(figures.cumulative);
            if figures.seen >= 2 {
                wasted = wasted.saturating_add(figures.cumulative);
            }
        }
        let efficiency = if discovered == 0 {
            1.0
        } else {
            minimum as f64 / discovered as f64
        };
        let image_size = self
            .layer_sizes
            .iter()
            .fold(0u64, |sum, &size| sum.saturating_add(size));
        let user_size = self
            .layer_sizes
            .iter()
            .skip(1)
            .fold(0u64, |sum, &size| sum.saturating_add(size));
        // dive divides by zero for a one-layer image; 0 keeps the figure a number.
        let user_wasted_percent = if user_size == 0 {
            0.0
        } else {
            wasted as f64 / user_size as f64
        };
        DiveFigures {
            efficiency,
            wasted_bytes: wasted,
            user_wasted_percent,
            image_size,
            user_size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_puts_children_before_their_directory() {
        let mut paths = vec!["/a", "/a-b", "/a/c", "/b", "/a/c/d"];
        paths.sort_by(|a, b| walk_order(a, b));
        assert_eq!(paths, ["/a/c/d", "/a/c", "/a", "/a-b", "/b"]);
    }

    #[test]
    fn a_deleted_file_is_fully_wasted_and_a_rewritten_one_keeps_its_smallest_copy() {
        let mut dive = Dive::default();
        let mut first = DiveLayer::default();
        first.add("/a", 1000, false);
        first.add("/b", 3000, false);
        dive.finish_layer(first);
        let mut second = DiveLayer::default();
        second.add("/.wh.a", 0, false);
        second.add("/b", 2000, false);
        dive.finish_layer(second);
        let figures = dive.figures();
        // /a: cumulative 1000, min 0; /b: cumulative 5000, min 2000.
        assert_eq!(figures.efficiency, 2000.0 / 6000.0);
        assert_eq!(figures.wasted_bytes, 6000);
        assert_eq!(figures.image_size, 6000);
        assert_eq!(figures.user_size, 2000);
        assert_eq!(figures.user_wasted_percent, 3.0);
    }

    #[test]
    fn a_whiteout_of_a_directory_counts_everything_under_it() {
        let mut dive = Dive::default();
        let mut first = DiveLayer::default();
        first.add("/d", 0, true);
        first.add("/d/x", 10, false);
        first.add("/d/y/z", 5, false);
        dive.finish_layer(first);
        let mut second = DiveLayer::default();
        second.add("/.wh.d", 0, false);
        dive.finish_layer(second);
        let figures = dive.figures();
        // /d/x 10 (min 10), /d/y/z 5 (min 5), /d: 15 once (min 15): nothing seen twice.
        assert_eq!(figures.wasted_bytes, 0);
        assert_eq!(figures.efficiency, 1.0);
    }
}
