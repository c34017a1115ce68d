//! dive's efficiency figures, computed with dive's own formulas so that its CI thresholds mean
//! the same here.
//!
//! dive builds one tree per layer from the tar entries (parents that the layer does not list
//! are added with an empty record: not a directory, size 0), visits the leaves of each tree in
//! name order, and for each path adds up the sizes it sees and keeps the smallest. A whiteout
//! leaf counts the size of everything under the path in the layers below when that was a
//! directory, and 0 otherwise. When a whiteout names a path that the layers below do not have,
//! dive stops visiting the rest of that layer. Opaque markers are dropped.

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

const ROOT: usize = 0;

/// A tree of paths with one node per component, so that a deep path costs memory and time in
/// proportion to its length, not to the square of its depth as a map of every prefix would.
struct Tree {
    nodes: Vec<Node>,
}

#[derive(Default)]
struct Node {
    children: BTreeMap<Box<str>, usize>,
    info: Info,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node::default()],
        }
    }
}

impl Tree {
    fn child(&self, node: usize, name: &str) -> Option<usize> {
        self.nodes[node].children.get(name).copied()
    }

    fn child_or_insert(&mut self, node: usize, name: &str) -> usize {
        if let Some(found) = self.child(node, name) {
            return found;
        }
        let id = self.nodes.len();
        self.nodes.push(Node::default());
        self.nodes[node].children.insert(name.into(), id);
        id
    }

    fn find(&self, components: &[&str]) -> Option<usize> {
        components
            .iter()
            .try_fold(ROOT, |node, component| self.child(node, component))
    }

    /// Sum of the sizes of everything under `node`.
    fn size_below(&self, node: usize) -> u64 {
        let mut total = 0u64;
        let mut pending = vec![node];
        while let Some(at) = pending.pop() {
            for &child in self.nodes[at].children.values() {
                total = total.saturating_add(self.nodes[child].info.size);
                pending.push(child);
            }
        }
        total
    }

    /// Calls `visit` with every node but the root and the components of its path, in the
    /// order of a depth-first walk over name-sorted children that visits a directory after
    /// everything under it. The walk stops when `visit` returns false.
    fn walk(&self, mut visit: impl FnMut(usize, &[&str]) -> bool) {
        let mut path: Vec<&str> = Vec::new();
        let mut stack = vec![(ROOT, self.nodes[ROOT].children.iter())];
        while let Some((_, children)) = stack.last_mut() {
            if let Some((name, &child)) = children.next() {
                path.push(name);
                stack.push((child, self.nodes[child].children.iter()));
                continue;
            }
            let Some((node, _)) = stack.pop() else { break };
            if node == ROOT {
                break;
            }
            if !visit(node, &path) {
                return;
            }
            path.pop();
        }
    }
}

/// Writes the components as an absolute path.
fn join(components: &[&str]) -> String {
    let mut text = String::new();
    for component in components {
        text.push('/');
        text.push_str(component);
    }
    text
}

/// dive's state across layers.
#[derive(Default)]
pub(crate) struct Dive {
    /// The layers so far, stacked the way dive stacks them.
    stacked: Tree,
    figures: HashMap<String, PathFigures>,
    layer_sizes: Vec<u64>,
    layers_done: usize,
}

/// One layer's tree as dive builds it.
#[derive(Default)]
pub(crate) struct DiveLayer {
    tree: Tree,
    size: u64,
}

impl DiveLayer {
    /// Adds one tar entry; `path` is absolute and cleaned, `/` for the root.
    pub(crate) fn add(&mut self, path: &str, size: u64, is_dir: bool) {
        if path == "/" {
            return;
        }
        self.size = self.size.saturating_add(size);
        let mut node = ROOT;
        for component in path.split('/').filter(|component| !component.is_empty()) {
            node = match self.tree.child(node, component) {
                Some(found) => found,
                None if component.starts_with(META_PREFIX) => return,
                None => self.tree.child_or_insert(node, component),
            };
        }
        if node != ROOT {
            self.tree.nodes[node].info = Info { size, is_dir };
        }
    }
}

impl Dive {
    /// Takes in a layer once all its entries are added.
    pub(crate) fn finish_layer(&mut self, layer: DiveLayer) {
        self.layer_sizes.push(layer.size);
        let tree = &layer.tree;
        // dive looks whiteouts of the first layer up in that layer itself.
        let lower = if self.layers_done == 0 {
            tree
        } else {
            &self.stacked
        };
        let figures = &mut self.figures;
        tree.walk(|node, path| {
            if !tree.nodes[node].children.is_empty() {
                return true;
            }
            let Some((name, dir)) = path.split_last() else {
                return true;
            };
            let (key, size) = match name.strip_prefix(WHITEOUT_PREFIX) {
                Some(target) => {
                    let Some(found) = lower
                        .find(dir)
                        .and_then(|parent| lower.child(parent, target))
                    else {
                        return false;
                    };
                    let info = lower.nodes[found].info;
                    let size = if info.is_dir {
                        lower.size_below(found).saturating_add(info.size)
                    } else {
                        0
                    };
                    let mut key = join(dir);
                    key.push('/');
                    key.push_str(target);
                    (key, size)
                }
                None => (join(path), tree.nodes[node].info.size),
            };
            let entry = figures.entry(key).or_insert(PathFigures {
                cumulative: 0,
                min: size,
                seen: 0,
            });
            entry.cumulative = entry.cumulative.saturating_add(size);
            entry.min = entry.min.min(size);
            entry.seen = entry.seen.saturating_add(1);
            true
        });

        // The stacked nodes of the path being visited; those of its ancestors stay valid
        // from one visit to the next.
        let stacked = &mut self.stacked;
        let mut ids: Vec<usize> = Vec::new();
        tree.walk(|node, path| {
            let depth = path.len();
            let name = path[depth - 1];
            let resolved = if name.starts_with(WHITEOUT_PREFIX) {
                depth - 1
            } else {
                depth
            };
            while ids.len() < resolved {
                let parent = ids.last().copied().unwrap_or(ROOT);
                ids.push(stacked.child_or_insert(parent, path[ids.len()]));
            }
            match name.strip_prefix(WHITEOUT_PREFIX) {
                Some(target) => {
                    let parent = ids.last().copied().unwrap_or(ROOT);
                    stacked.nodes[parent].children.remove(target);
                }
                None => {
                    if let Some(&at) = ids.last() {
                        stacked.nodes[at].info = tree.nodes[node].info;
                    }
                }
            }
            ids.truncate(depth - 1);
            true
        });
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
        let mut layer = DiveLayer::default();
        for path in ["/a", "/a-b", "/a/c", "/b", "/a/c/d"] {
            layer.add(path, 0, false);
        }
        let mut paths = Vec::new();
        layer.tree.walk(|_, path| {
            paths.push(join(path));
            true
        });
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
    fn deep_paths_cost_their_length() {
        // A map of every prefix made one 40 kB path take gigabytes and many seconds.
        let deep = "/a".repeat(50_000);
        let mut dive = Dive::default();
        let mut first = DiveLayer::default();
        first.add(&format!("{deep}/f"), 7, false);
        first.add(&format!("{deep}/d"), 0, true);
        first.add(&format!("{deep}/d/x"), 3, false);
        dive.finish_layer(first);
        let mut second = DiveLayer::default();
        second.add(&format!("{deep}/f"), 5, false);
        second.add(&format!("{deep}/.wh.d"), 0, false);
        dive.finish_layer(second);
        assert!(dive.stacked.nodes.len() < 50_010);
        let figures = dive.figures();
        assert_eq!(figures.wasted_bytes, 12);
        // The deep `f`: 7 + 5, smallest 5; `d/x` 3 and the whiteout of `d` 3, once each.
        assert_eq!(figures.efficiency, 11.0 / 18.0);
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
