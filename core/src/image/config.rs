//! The image configuration: an OCI or Docker config blob, or the output of `docker inspect`.
//!
//! Both shapes are read into [`ImageConfig`]. Docker and the OCI image spec name the fields
//! of the container configuration in PascalCase (`User`, `Env`, `WorkingDir`); the top level
//! of a config blob is lowercase, and the top level of `docker inspect` is PascalCase.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind};

/// An image configuration, as far as the linter reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageConfig {
    pub architecture: Option<String>,
    pub os: Option<String>,
    pub variant: Option<String>,
    /// RFC 3339 creation time, as written.
    pub created: Option<String>,
    pub author: Option<String>,
    pub config: ContainerConfig,
    /// The digests of the uncompressed layers, lowest first.
    pub diff_ids: Vec<String>,
    /// The history entries, lowest first, including those that made no layer.
    pub history: Vec<HistoryEntry>,
    /// The accepted shape that the configuration was read from.
    pub source: ConfigSource,
}

/// The shape an [`ImageConfig`] was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConfigSource {
    /// An image config blob (`application/vnd.oci.image.config.v1+json` or Docker's).
    #[default]
    Blob,
    /// One element of `docker inspect` output, which carries no history.
    Inspect,
}

/// The defaults of a container run from the image.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerConfig {
    /// `USER`; `None` or empty means root.
    pub user: Option<String>,
    /// `EXPOSE` entries such as `80/tcp`.
    pub exposed_ports: Vec<String>,
    /// `NAME=value` entries, in order.
    pub env: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub volumes: Vec<String>,
    pub working_dir: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub stop_signal: Option<String>,
    /// `None` when the image sets no healthcheck; `HEALTHCHECK NONE` is a test of `["NONE"]`.
    pub healthcheck: Option<Healthcheck>,
    /// `SHELL`; a Docker extension that OCI-format images cannot carry.
    pub shell: Option<Vec<String>>,
    pub on_build: Vec<String>,
}

/// A `HEALTHCHECK`; durations are in nanoseconds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Healthcheck {
    pub test: Vec<String>,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub start_period: Option<i64>,
    pub retries: Option<i64>,
}

/// One history entry, which made a layer unless `empty_layer` is set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryEntry {
    pub created: Option<String>,
    pub created_by: Option<String>,
    pub author: Option<String>,
    pub comment: Option<String>,
    pub empty_layer: bool,
}

impl ImageConfig {
    /// Reads a config blob, or `docker inspect` output as an object or a one-element array.
    ///
    /// An array of several images is an error: the caller names the image to read.
    pub fn from_json(bytes: &[u8]) -> Result<ImageConfig, Error> {
        let value: serde_json::Value = parse(bytes, "image configuration")?;
        let object = match value {
            serde_json::Value::Array(items) => match <[_; 1]>::try_from(items) {
                Ok([item]) => item,
                Err(items) => {
                    return Err(invalid(format!(
                        "`docker inspect` output holds {} images; give one",
                        items.len()
                    )));
                }
            },
            other => other,
        };
        let Some(map) = object.as_object() else {
            return Err(invalid(
                "an image configuration must be a JSON object".to_string(),
            ));
        };
        if map.contains_key("Config") || map.contains_key("RepoTags") || map.contains_key("Id") {
            let raw: RawInspect = from_value(object)?;
            Ok(raw.into_config())
        } else {
            let raw: RawBlob = from_value(object)?;
            Ok(raw.into_config())
        }
    }

    /// Returns the value the image's environment gives `name`, the last entry winning.
    pub fn env_value(&self, name: &str) -> Option<&str> {
        self.env_pairs()
            .filter(|(key, _)| *key == name)
            .map(|(_, value)| value)
            .last()
    }

    /// Returns the environment as `(name, value)` pairs; an entry without `=` has an empty value.
    pub fn env_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.config
            .env
            .iter()
            .map(|entry| entry.split_once('=').unwrap_or((entry.as_str(), "")))
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

fn parse<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|error| {
        invalid(format!(
            "invalid {what}: {} at line {}, column {}",
            strip_position(&error),
            error.line(),
            error.column()
        ))
    })
}

fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, Error> {
    serde_json::from_value(value)
        .map_err(|error| invalid(format!("invalid image configuration: {error}")))
}

/// serde_json appends " at line L column C" to its messages; the position is reported once.
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawBlob {
    architecture: Option<String>,
    os: Option<String>,
    variant: Option<String>,
    created: Option<String>,
    author: Option<String>,
    config: Option<RawContainerConfig>,
    rootfs: Option<RawRootfs>,
    history: Option<Vec<RawHistory>>,
}

impl RawBlob {
    fn into_config(self) -> ImageConfig {
        ImageConfig {
            architecture: self.architecture,
            os: self.os,
            variant: self.variant,
            created: self.created,
            author: self.author,
            config: self.config.unwrap_or_default().into_config(),
            diff_ids: self
                .rootfs
                .and_then(|rootfs| rootfs.diff_ids)
                .unwrap_or_default(),
            history: self
                .history
                .unwrap_or_default()
                .into_iter()
                .map(RawHistory::into_entry)
                .collect(),
            source: ConfigSource::Blob,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRootfs {
    diff_ids: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawHistory {
    created: Option<String>,
    created_by: Option<String>,
    author: Option<String>,
    comment: Option<String>,
    empty_layer: Option<bool>,
}

impl RawHistory {
    fn into_entry(self) -> HistoryEntry {
        HistoryEntry {
            created: self.created,
            created_by: self.created_by,
            author: self.author,
            comment: self.comment,
            empty_layer: self.empty_layer.unwrap_or(false),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct RawInspect {
    architecture: Option<String>,
    os: Option<String>,
    variant: Option<String>,
    created: Option<String>,
    author: Option<String>,
    config: Option<RawContainerConfig>,
    #[serde(rename = "RootFS")]
    rootfs: Option<RawInspectRootfs>,
}

impl RawInspect {
    fn into_config(self) -> ImageConfig {
        ImageConfig {
            architecture: self.architecture,
            os: self.os,
            variant: self.variant,
            created: self.created,
            author: self.author,
            config: self.config.unwrap_or_default().into_config(),
            diff_ids: self
                .rootfs
                .and_then(|rootfs| rootfs.layers)
                .unwrap_or_default(),
            history: Vec::new(),
            source: ConfigSource::Inspect,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct RawInspectRootfs {
    layers: Option<Vec<String>>,
}

/// A command list that Docker writes as an array, `null`, or in old images a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawCommand {
    List(Vec<String>),
    Text(String),
}

impl RawCommand {
    fn into_list(self) -> Vec<String> {
        match self {
            RawCommand::List(list) => list,
            RawCommand::Text(text) => vec![text],
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct RawContainerConfig {
    user: Option<String>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    env: Option<Vec<String>>,
    entrypoint: Option<RawCommand>,
    cmd: Option<RawCommand>,
    volumes: Option<BTreeMap<String, serde_json::Value>>,
    working_dir: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    stop_signal: Option<String>,
    healthcheck: Option<RawHealthcheck>,
    shell: Option<Vec<String>>,
    on_build: Option<Vec<String>>,
}

impl RawContainerConfig {
    fn into_config(self) -> ContainerConfig {
        ContainerConfig {
            user: self.user,
            exposed_ports: self
                .exposed_ports
                .map(|ports| ports.into_keys().collect())
                .unwrap_or_default(),
            env: self.env.unwrap_or_default(),
            entrypoint: self.entrypoint.map(RawCommand::into_list),
            cmd: self.cmd.map(RawCommand::into_list),
            volumes: self
                .volumes
                .map(|volumes| volumes.into_keys().collect())
                .unwrap_or_default(),
            working_dir: self.working_dir,
            labels: self.labels.unwrap_or_default(),
            stop_signal: self.stop_signal,
            healthcheck: self.healthcheck.map(RawHealthcheck::into_healthcheck),
            shell: self.shell,
            on_build: self.on_build.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct RawHealthcheck {
    test: Option<Vec<String>>,
    interval: Option<i64>,
    timeout: Option<i64>,
    start_period: Option<i64>,
    retries: Option<i64>,
}

impl RawHealthcheck {
    fn into_healthcheck(self) -> Healthcheck {
        Healthcheck {
            test: self.test.unwrap_or_default(),
            interval: self.interval,
            timeout: self.timeout,
            start_period: self.start_period,
            retries: self.retries,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_config_blob() {
        let json = br#"{"architecture":"amd64","os":"linux",
            "config":{"User":"app","Env":["PATH=/bin","A=1=2"],"Cmd":["sh"],"Shell":null,
                      "Labels":null,"ExposedPorts":{"80/tcp":{}},"Healthcheck":{"Test":["NONE"]}},
            "rootfs":{"type":"layers","diff_ids":["sha256:aa"]},
            "history":[{"created_by":"/bin/sh -c #(nop) ADD file:x in / "},{"empty_layer":true}]}"#;
        let config = ImageConfig::from_json(json).unwrap();
        assert_eq!(config.source, ConfigSource::Blob);
        assert_eq!(config.config.user.as_deref(), Some("app"));
        assert_eq!(config.env_value("A"), Some("1=2"));
        assert_eq!(config.config.exposed_ports, ["80/tcp"]);
        assert_eq!(config.config.healthcheck.unwrap().test, ["NONE"]);
        assert_eq!(config.diff_ids, ["sha256:aa"]);
        assert_eq!(config.history.len(), 2);
        assert!(config.history[1].empty_layer);
    }

    #[test]
    fn reads_docker_inspect_output() {
        let json = br#"[{"Id":"sha256:1","RepoTags":["x:1"],"Architecture":"arm64","Os":"linux",
            "Config":{"Env":null,"WorkingDir":"/srv","Shell":["/bin/bash","-c"],"Entrypoint":null},
            "RootFS":{"Type":"layers","Layers":["sha256:bb"]}}]"#;
        let config = ImageConfig::from_json(json).unwrap();
        assert_eq!(config.source, ConfigSource::Inspect);
        assert_eq!(config.architecture.as_deref(), Some("arm64"));
        assert_eq!(config.config.working_dir.as_deref(), Some("/srv"));
        assert_eq!(
            config.config.shell.as_deref(),
            Some(&["/bin/bash".to_string(), "-c".to_string()][..])
        );
        assert_eq!(config.diff_ids, ["sha256:bb"]);
    }

    #[test]
    fn reports_the_position_of_invalid_json() {
        let error = ImageConfig::from_json(b"{\n  \"config\": [1,\n").unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidInput);
        assert!(error.message.contains("line 3"), "{}", error.message);
    }

    #[test]
    fn rejects_several_inspected_images() {
        let error = ImageConfig::from_json(br#"[{"Id":"a"},{"Id":"b"}]"#).unwrap_err();
        assert!(error.message.contains("2 images"), "{}", error.message);
    }
}
