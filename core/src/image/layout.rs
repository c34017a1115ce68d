//! Finding the image in an archive or layout: `manifest.json` of `docker save` and of
//! go-containerregistry tarballs, or `index.json` of an OCI image layout, down to one config
//! and its layers.

use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::layers::hex_digest;
use super::limits::{Limits, invalid};
use super::store::{Store, clean_relative};
use crate::reference::ImageReference;

/// The image chosen, ready for its layers to be read.
pub(crate) struct Plan {
    pub reference: Option<String>,
    pub config: Vec<u8>,
    pub config_digest: String,
    pub layers: Vec<PlannedBlob>,
}

pub(crate) struct PlannedBlob {
    /// Name of the blob in the store.
    pub name: String,
    pub media_type: Option<String>,
    pub digest: Option<String>,
    pub size: Option<u64>,
}

/// The image the caller requested.
pub(crate) struct Selection<'a> {
    pub image: Option<&'a str>,
    pub platform: Option<&'a str>,
}

/// Normalises an image name the way Docker compares them: `x` and `docker.io/library/x:latest`
/// are the same name. A name that does not parse is kept as written.
pub(crate) fn normalize_name(name: &str) -> String {
    match ImageReference::parse(name) {
        Ok(reference) => {
            let mut text = format!(
                "{}/{}",
                reference.normalized_registry(),
                reference.normalized_repository()
            );
            match (&reference.tag, &reference.digest) {
                (Some(tag), _) => {
                    text.push(':');
                    text.push_str(tag);
                }
                (None, None) => text.push_str(":latest"),
                (None, Some(_)) => {}
            }
            if let Some(digest) = &reference.digest {
                text.push('@');
                text.push_str(digest);
            }
            text
        }
        Err(_) => name.to_string(),
    }
}

/// Reads the archive's or layout's index and chooses one image.
pub(crate) fn plan(
    store: &mut dyn Store,
    selection: &Selection<'_>,
    limits: &Limits,
) -> Result<Plan, crate::Error> {
    if store.exists("manifest.json") {
        docker_plan(store, selection, limits)
    } else if store.exists("index.json") {
        oci_plan(store, selection, limits)
    } else if store.exists("repositories") {
        Err(invalid(
            "the archive is a `docker save` from before Docker 1.10: it has `repositories` but \
             no `manifest.json`, and that format is not supported"
                .to_string(),
        ))
    } else {
        Err(invalid(
            "not an image archive: there is neither a `manifest.json` (docker save) nor an \
             `index.json` (OCI image layout)"
                .to_string(),
        ))
    }
}

fn parse_json<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
    document: &str,
) -> Result<T, crate::Error> {
    serde_json::from_slice(bytes)
        .map_err(|error| invalid(format!("{document} is not valid: {error}")))
}

/// Rejects a name that leaves the archive through `..`, then cleans it.
fn safe_name(name: &str, document: &str) -> Result<String, crate::Error> {
    if name.split(['/', '\\']).any(|part| part == "..") {
        return Err(invalid(format!(
            "{document} names `{name}`, a path with `..`, which is rejected"
        )));
    }
    Ok(clean_relative(name))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    layers: Vec<String>,
    #[serde(default)]
    layer_sources: Option<BTreeMap<String, Descriptor>>,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: Option<String>,
    digest: String,
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    annotations: Option<BTreeMap<String, String>>,
    #[serde(default)]
    platform: Option<Platform>,
}

#[derive(Deserialize, Clone, Debug, Default)]
struct Platform {
    #[serde(default)]
    os: String,
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    variant: Option<String>,
}

impl Platform {
    fn text(&self) -> String {
        match &self.variant {
            Some(variant) if !variant.is_empty() => {
                format!("{}/{}/{variant}", self.os, self.architecture)
            }
            _ => format!("{}/{}", self.os, self.architecture),
        }
    }

    fn matches(&self, requested: &str) -> bool {
        let mut parts = requested.split('/');
        let os = parts.next().unwrap_or("");
        let architecture = parts.next().unwrap_or("");
        let variant = parts.next();
        os == self.os
            && architecture == self.architecture
            && variant.is_none_or(|variant| self.variant.as_deref() == Some(variant))
    }
}

/// Parses `#N`, the 0-based index of an image.
fn index_selector(image: &str) -> Option<Result<usize, crate::Error>> {
    let digits = image.strip_prefix('#')?;
    Some(
        digits
            .parse()
            .map_err(|_| invalid(format!("`{image}` is not an image index such as `#0`"))),
    )
}

fn docker_plan(
    store: &mut dyn Store,
    selection: &Selection<'_>,
    limits: &Limits,
) -> Result<Plan, crate::Error> {
    let bytes = store.read_small("manifest.json", limits.max_json_bytes)?;
    let value: serde_json::Value = parse_json(&bytes, "`manifest.json`")?;
    if value.is_null() {
        return Err(invalid(
            "`manifest.json` is `null`: the archive names no image".to_string(),
        ));
    }
    let entries: Vec<DockerEntry> = serde_json::from_value(value)
        .map_err(|error| invalid(format!("`manifest.json` is not valid: {error}")))?;
    if entries.is_empty() {
        return Err(invalid("`manifest.json` lists no image".to_string()));
    }
    let describe = |index: usize, entry: &DockerEntry| {
        let tags = entry.repo_tags.clone().unwrap_or_default();
        if tags.is_empty() {
            format!("#{index} (untagged, config {})", entry.config)
        } else {
            format!("#{index} ({})", tags.join(", "))
        }
    };
    let choices = || {
        entries
            .iter()
            .enumerate()
            .map(|(index, entry)| describe(index, entry))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (position, reference) = match selection.image {
        Some(image) => match index_selector(image) {
            Some(index) => {
                let index = index?;
                if index >= entries.len() {
                    return Err(invalid(format!(
                        "the archive has no image {image}; it holds {}",
                        choices()
                    )));
                }
                let tag = entries[index]
                    .repo_tags
                    .as_ref()
                    .and_then(|tags| tags.first())
                    .map(|tag| normalize_name(tag));
                (index, tag)
            }
            None => {
                let requested = normalize_name(image);
                let found = entries.iter().position(|entry| {
                    entry
                        .repo_tags
                        .iter()
                        .flatten()
                        .any(|tag| normalize_name(tag) == requested)
                });
                match found {
                    Some(index) => (index, Some(requested)),
                    None => {
                        return Err(invalid(format!(
                            "the archive has no image tagged `{image}`; it holds {}",
                            choices()
                        )));
                    }
                }
            }
        },
        None if entries.len() == 1 => (
            0,
            entries[0]
                .repo_tags
                .as_ref()
                .and_then(|tags| tags.first())
                .map(|tag| normalize_name(tag)),
        ),
        None => {
            return Err(invalid(format!(
                "the archive holds {} images; choose one by tag or by index: {}",
                entries.len(),
                choices()
            )));
        }
    };
    let entry = &entries[position];
    let config_name = safe_name(&entry.config, "`manifest.json`")?;
    let config = store.read_small(&config_name, limits.max_json_bytes)?;
    let config_digest = sha256_of(&config);
    if let Some(declared) = declared_digest(&config_name)
        && declared != config_digest
    {
        return Err(invalid(format!(
            "config `{config_name}` has digest {config_digest}, not the one its name declares"
        )));
    }
    if entry.layers.len() > limits.max_layers {
        return Err(invalid(format!(
            "the image has {} layers, more than the limit of {}",
            entry.layers.len(),
            limits.max_layers
        )));
    }
    let diff_ids = config_diff_ids(&config);
    let mut layers = Vec::with_capacity(entry.layers.len());
    for (index, layer) in entry.layers.iter().enumerate() {
        let name = safe_name(layer, "`manifest.json`")?;
        let digest = declared_digest(&name);
        // `LayerSources` describes the blob a registry serves, often compressed, while the
        // archive may hold it uncompressed: it counts only when it names the stored blob.
        let source = diff_ids
            .get(index)
            .and_then(|diff_id| entry.layer_sources.as_ref()?.get(diff_id))
            .filter(|source| digest.as_deref() == Some(source.digest.as_str()));
        layers.push(PlannedBlob {
            name,
            media_type: source.and_then(|source| source.media_type.clone()),
            digest,
            size: source.and_then(|source| source.size),
        });
    }
    Ok(Plan {
        reference,
        config,
        config_digest,
        layers,
    })
}

/// Returns the digest that a blob's name declares: `blobs/sha256/<hex>`.
fn declared_digest(name: &str) -> Option<String> {
    let hex = name.strip_prefix("blobs/sha256/")?;
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("sha256:{hex}"))
}

fn sha256_of(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    hex_digest(hasher)
}

fn config_diff_ids(config: &[u8]) -> Vec<String> {
    #[derive(Deserialize, Default)]
    struct Rootfs {
        #[serde(default)]
        diff_ids: Vec<String>,
    }
    #[derive(Deserialize, Default)]
    struct Partial {
        #[serde(default)]
        rootfs: Option<Rootfs>,
    }
    serde_json::from_slice::<Partial>(config)
        .ok()
        .and_then(|partial| partial.rootfs)
        .map(|rootfs| rootfs.diff_ids)
        .unwrap_or_default()
}

/// Returns the store name of a blob, rejecting digests that are not a plain `alg:hex`.
fn blob_name(digest: &str) -> Result<String, crate::Error> {
    let valid = digest.split_once(':').is_some_and(|(algorithm, hex)| {
        !algorithm.is_empty()
            && !hex.is_empty()
            && algorithm
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
            && hex
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=_-".contains(&b))
            && !algorithm.starts_with('.')
    });
    if !valid {
        return Err(invalid(format!("`{digest}` is not a valid digest")));
    }
    Ok(format!("blobs/{}", digest.replacen(':', "/", 1)))
}

/// Reads a blob named by a descriptor and checks its size and digest.
fn read_blob(
    store: &mut dyn Store,
    descriptor: &Descriptor,
    limits: &Limits,
) -> Result<Vec<u8>, crate::Error> {
    let name = blob_name(&descriptor.digest)?;
    let bytes = store.read_small(&name, limits.max_json_bytes)?;
    if let Some(size) = descriptor.size
        && size != bytes.len() as u64
    {
        return Err(invalid(format!(
            "blob {} is {} bytes, but its descriptor declares {size}",
            descriptor.digest,
            bytes.len()
        )));
    }
    if descriptor.digest.starts_with("sha256:") {
        let actual = sha256_of(&bytes);
        if actual != descriptor.digest {
            return Err(invalid(format!(
                "blob {} has digest {actual}",
                descriptor.digest
            )));
        }
    }
    Ok(bytes)
}

#[derive(Deserialize)]
struct Index {
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
}

#[derive(Deserialize)]
struct Manifest {
    config: Descriptor,
    #[serde(default)]
    layers: Vec<Descriptor>,
}

/// An image manifest found through the index, with the names it was given.
struct Candidate {
    descriptor: Descriptor,
    names: Vec<String>,
    platform: Option<Platform>,
}

impl Candidate {
    fn describe(&self, index: usize) -> String {
        let mut text = format!("#{index}");
        if !self.names.is_empty() {
            text.push_str(&format!(" ({})", self.names.join(", ")));
        }
        if let Some(platform) = &self.platform {
            text.push_str(&format!(" [{}]", platform.text()));
        }
        text
    }

    /// Returns whether the candidate carries `requested`: a full name or, for an OCI `ref.name`
    /// that is a tag alone, that tag.
    fn is_named(&self, requested: &str) -> bool {
        let normalized = normalize_name(requested);
        let requested_tag = ImageReference::parse(requested)
            .ok()
            .and_then(|reference| reference.tag);
        self.names.iter().any(|name| {
            if name == requested || normalize_name(name) == normalized {
                return true;
            }
            let bare_tag = !name.contains('/') && !name.contains(':');
            bare_tag && requested_tag.as_deref() == Some(name.as_str())
        })
    }

    /// Returns the full name to report: the containerd name, or a `ref.name` that is a full
    /// name.
    fn reference(&self) -> Option<String> {
        self.names
            .iter()
            .find(|name| name.contains('/') || name.contains(':'))
            .map(|name| normalize_name(name))
    }
}

const NAME_ANNOTATIONS: [&str; 2] = [
    "io.containerd.image.name",
    "org.opencontainers.image.ref.name",
];

fn collect_candidates(
    store: &mut dyn Store,
    descriptor: &Descriptor,
    inherited: &[String],
    depth: usize,
    limits: &Limits,
    out: &mut Vec<Candidate>,
) -> Result<(), crate::Error> {
    let annotations = descriptor.annotations.clone().unwrap_or_default();
    if annotations
        .get("vnd.docker.reference.type")
        .is_some_and(|kind| kind == "attestation-manifest")
        || descriptor
            .platform
            .as_ref()
            .is_some_and(|platform| platform.os == "unknown")
    {
        return Ok(());
    }
    let mut names = inherited.to_vec();
    for key in NAME_ANNOTATIONS {
        if let Some(name) = annotations.get(key)
            && !names.contains(name)
        {
            names.push(name.clone());
        }
    }
    let bytes = read_blob(store, descriptor, limits)?;
    let value: serde_json::Value = parse_json(&bytes, &format!("manifest {}", descriptor.digest))?;
    if value.get("manifests").is_some() {
        if depth >= limits.max_index_depth {
            return Err(invalid(format!(
                "image indexes are nested more than {} deep at {}",
                limits.max_index_depth, descriptor.digest
            )));
        }
        let index: Index = serde_json::from_value(value).map_err(|error| {
            invalid(format!("index {} is not valid: {error}", descriptor.digest))
        })?;
        for child in index.manifests.unwrap_or_default() {
            collect_candidates(store, &child, &names, depth + 1, limits, out)?;
        }
    } else if value.get("config").is_some() {
        out.push(Candidate {
            descriptor: descriptor.clone(),
            names,
            platform: descriptor.platform.clone(),
        });
    } else {
        return Err(invalid(format!(
            "blob {} is neither an image manifest nor an image index",
            descriptor.digest
        )));
    }
    Ok(())
}

fn oci_plan(
    store: &mut dyn Store,
    selection: &Selection<'_>,
    limits: &Limits,
) -> Result<Plan, crate::Error> {
    let bytes = store.read_small("index.json", limits.max_json_bytes)?;
    let index: Index = parse_json(&bytes, "`index.json`")?;
    let mut candidates = Vec::new();
    for descriptor in index.manifests.unwrap_or_default() {
        collect_candidates(store, &descriptor, &[], 1, limits, &mut candidates)?;
    }
    if candidates.is_empty() {
        return Err(invalid("`index.json` lists no image".to_string()));
    }
    let choices = |list: &[(usize, &Candidate)]| {
        list.iter()
            .map(|(index, candidate)| candidate.describe(*index))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let all: Vec<(usize, &Candidate)> = candidates.iter().enumerate().collect();
    let mut chosen: Vec<(usize, &Candidate)> = match selection.image {
        Some(image) => match index_selector(image) {
            Some(index) => {
                let index = index?;
                match all.get(index) {
                    Some(found) => vec![*found],
                    None => {
                        return Err(invalid(format!(
                            "the layout has no image {image}; it holds {}",
                            choices(&all)
                        )));
                    }
                }
            }
            None => {
                let named: Vec<_> = all
                    .iter()
                    .copied()
                    .filter(|(_, candidate)| candidate.is_named(image))
                    .collect();
                if named.is_empty() {
                    return Err(invalid(format!(
                        "the layout has no image named `{image}`; it holds {}",
                        choices(&all)
                    )));
                }
                named
            }
        },
        None => all.clone(),
    };
    if let Some(platform) = selection.platform {
        let matching: Vec<_> = chosen
            .iter()
            .copied()
            .filter(|(_, candidate)| {
                candidate
                    .platform
                    .as_ref()
                    .is_some_and(|p| p.matches(platform))
            })
            .collect();
        if matching.is_empty() && chosen.iter().any(|(_, c)| c.platform.is_some()) {
            return Err(invalid(format!(
                "no image for platform `{platform}`; there are {}",
                choices(&chosen)
            )));
        }
        if !matching.is_empty() {
            chosen = matching;
        }
    }
    // The same manifest can be reached under several names, through nested indexes.
    let mut seen = std::collections::BTreeSet::new();
    chosen.retain(|(_, candidate)| seen.insert(candidate.descriptor.digest.clone()));
    let (_, candidate) = match chosen.as_slice() {
        [one] => *one,
        _ => {
            return Err(invalid(format!(
                "the layout holds {} images; choose one by name, by index or by platform: {}",
                chosen.len(),
                choices(&chosen)
            )));
        }
    };
    // A name given as `repository:tag` names the image even when the layout only has the tag;
    // a bare tag or an index does not.
    let reference = candidate.reference().or_else(|| {
        selection
            .image
            .filter(|image| !image.starts_with('#') && (image.contains(':') || image.contains('/')))
            .map(normalize_name)
    });
    let manifest_bytes = read_blob(store, &candidate.descriptor, limits)?;
    let manifest: Manifest = parse_json(
        &manifest_bytes,
        &format!("manifest {}", candidate.descriptor.digest),
    )?;
    let config = read_blob(store, &manifest.config, limits)?;
    if manifest.layers.len() > limits.max_layers {
        return Err(invalid(format!(
            "the image has {} layers, more than the limit of {}",
            manifest.layers.len(),
            limits.max_layers
        )));
    }
    let mut layers = Vec::with_capacity(manifest.layers.len());
    for layer in &manifest.layers {
        layers.push(PlannedBlob {
            name: blob_name(&layer.digest)?,
            media_type: layer.media_type.clone(),
            digest: Some(layer.digest.clone()),
            size: layer.size,
        });
    }
    Ok(Plan {
        reference,
        config_digest: sha256_of(&config),
        config,
        layers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_names_as_docker_compares_them() {
        assert_eq!(normalize_name("x"), "docker.io/library/x:latest");
        assert_eq!(normalize_name("x:latest"), "docker.io/library/x:latest");
        assert_eq!(
            normalize_name("docker.io/library/x:latest"),
            "docker.io/library/x:latest"
        );
        assert_eq!(normalize_name("ghcr.io/a/b:1"), "ghcr.io/a/b:1");
    }

    #[test]
    fn refuses_digests_that_could_name_another_path() {
        assert!(blob_name("sha256:../../etc/passwd").is_err());
        assert!(blob_name("../x:abc").is_err());
        assert!(blob_name("sha256").is_err());
        assert_eq!(blob_name("sha256:ab").unwrap(), "blobs/sha256/ab");
    }

    #[test]
    fn matches_platforms_with_an_optional_variant() {
        let platform = Platform {
            os: "linux".into(),
            architecture: "arm".into(),
            variant: Some("v7".into()),
        };
        assert!(platform.matches("linux/arm"));
        assert!(platform.matches("linux/arm/v7"));
        assert!(!platform.matches("linux/arm/v6"));
        assert!(!platform.matches("linux/amd64"));
    }
}
