//! Archives built in memory: the forms images take, and hostile inputs that must fail cleanly.

use std::io::{Cursor, Write};
use std::sync::Mutex;

use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

use super::analysis::{EntryKind, ImageAnalysis, WasteReason};
use super::limits::Limits;
use super::source::{ImageOptions, Progress, analyze_reader};
use crate::ErrorKind;

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut text = String::from("sha256:");
    for byte in digest.iter() {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// One tar entry, with the name written into the header as raw bytes, so that names the `tar`
/// crate refuses to write (`../x`) can be made.
#[derive(Clone)]
struct Item {
    name: Vec<u8>,
    kind: tar::EntryType,
    data: Vec<u8>,
    /// Size written in the header, when it differs from the data.
    declared: Option<u64>,
    link: Option<&'static str>,
    mode: u32,
}

fn file(name: &str, data: &[u8]) -> Item {
    Item {
        name: name.as_bytes().to_vec(),
        kind: tar::EntryType::Regular,
        data: data.to_vec(),
        declared: None,
        link: None,
        mode: 0o644,
    }
}

fn dir(name: &str) -> Item {
    Item {
        kind: tar::EntryType::Directory,
        mode: 0o755,
        ..file(name, b"")
    }
}

fn link(name: &str, kind: tar::EntryType, target: &'static str) -> Item {
    Item {
        kind,
        link: Some(target),
        mode: 0o777,
        ..file(name, b"")
    }
}

fn tar_of(items: &[Item]) -> Vec<u8> {
    let mut out = Vec::new();
    for item in items {
        let mut header = tar::Header::new_gnu();
        header.as_old_mut().name[..item.name.len()].copy_from_slice(&item.name);
        header.set_entry_type(item.kind);
        header.set_mode(item.mode);
        header.set_size(item.declared.unwrap_or(item.data.len() as u64));
        if let Some(target) = item.link {
            header.set_link_name(target).unwrap();
        }
        header.set_cksum();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(&item.data);
        let padding = (512 - item.data.len() % 512) % 512;
        out.extend(std::iter::repeat_n(0u8, padding));
    }
    out.extend(std::iter::repeat_n(0u8, 1024));
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn config_for(layers: &[Vec<u8>], history: &[&str]) -> Vec<u8> {
    let diff_ids: Vec<String> = layers.iter().map(|layer| sha256(layer)).collect();
    let history: Vec<serde_json::Value> = history
        .iter()
        .map(|created_by| serde_json::json!({ "created_by": created_by }))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "architecture": "amd64",
        "os": "linux",
        "config": { "User": "app" },
        "rootfs": { "type": "layers", "diff_ids": diff_ids },
        "history": history,
    }))
    .unwrap()
}

/// A `docker save` archive of uncompressed layers, tagged `x:1`.
fn docker_archive(layers: &[Vec<u8>]) -> Vec<u8> {
    let config = config_for(layers, &[]);
    let mut items = vec![file("config.json", &config)];
    let mut names = Vec::new();
    for (index, layer) in layers.iter().enumerate() {
        let name = format!("{index}/layer.tar");
        items.push(file(&name, layer));
        names.push(name);
    }
    let manifest = serde_json::json!([{
        "Config": "config.json", "RepoTags": ["x:1"], "Layers": names,
    }]);
    items.push(file(
        "manifest.json",
        &serde_json::to_vec(&manifest).unwrap(),
    ));
    tar_of(&items)
}

fn options() -> ImageOptions<'static> {
    ImageOptions::default()
}

fn read(bytes: Vec<u8>) -> ImageAnalysis {
    analyze_reader(Cursor::new(bytes), &options()).unwrap_or_else(|error| panic!("{}", error))
}

fn fails(bytes: Vec<u8>, options: &ImageOptions<'_>) -> String {
    match analyze_reader(Cursor::new(bytes), options) {
        Ok(_) => panic!("the input was read without an error"),
        Err(error) => {
            assert_eq!(error.kind, ErrorKind::InvalidInput, "{}", error.message);
            error.message
        }
    }
}

#[test]
fn paths_are_cleaned_so_every_spelling_is_one_path() {
    let lower = tar_of(&[file("./etc/x", b"one"), file("../../escape", b"12345")]);
    let middle = tar_of(&[file("etc/x", b"two!")]);
    let upper = tar_of(&[file("/etc/x", b"three"), file("/abs/../etc/y", b"y")]);
    let analysis = read(docker_archive(&[lower, middle, upper]));
    let paths: Vec<&str> = analysis
        .filesystem
        .entries
        .iter()
        .map(|entry| entry.path.as_str())
        .collect();
    assert_eq!(paths, ["/escape", "/etc/x", "/etc/y"]);
    assert_eq!(analysis.waste.bytes, 3 + 4);
    assert_eq!(analysis.waste.overwritten_bytes, 7);
    assert_eq!(analysis.reference.as_deref(), Some("docker.io/library/x:1"));
}

#[test]
fn whiteouts_apply_to_lower_layers_only() {
    let lower = tar_of(&[
        dir("d/"),
        file("d/a", b"aaaa"),
        file("d/sub/b", b"bb"),
        file("etc/passwd", b"root:x:0:0::/root:/bin/sh\n"),
    ]);
    // The same layer writes `d/c` before its opaque marker and `d/a` before the whiteout of
    // `d/a`: neither affects an entry of its own layer.
    let upper = tar_of(&[
        file("d/c", b"c"),
        file("d/.wh..wh..opq", b""),
        file("etc/.wh.passwd", b""),
        file(".wh..wh.plnk", b""),
    ]);
    let analysis = read(docker_archive(&[lower, upper]));
    let layer = &analysis.layers[1];
    assert_eq!(layer.opaque_whiteouts, ["/d"]);
    assert_eq!(layer.whiteouts, ["/etc/passwd"]);
    let paths: Vec<&str> = analysis
        .filesystem
        .entries
        .iter()
        .map(|entry| entry.path.as_str())
        .collect();
    assert_eq!(paths, ["/d", "/d/c"]);
    assert_eq!(analysis.waste.opaque_hidden_bytes, 6);
    assert_eq!(analysis.waste.deleted_bytes, 26);
    assert!(analysis.filesystem.contents.is_empty());
    let hidden = analysis
        .waste
        .items
        .iter()
        .find(|item| item.path == "/d/a")
        .unwrap();
    assert_eq!(
        hidden.reason,
        WasteReason::Hidden {
            opaque_whiteout: "/d/.wh..wh..opq".to_string()
        }
    );
    assert_eq!(analysis.layers[0].wasted_bytes, 32);
}

#[test]
fn pax_global_headers_are_not_entries() {
    let mut global = file(
        "pax_global_header",
        b"52 comment=0123456789abcdef0123456789abcdef01234567\n",
    );
    global.kind = tar::EntryType::XGlobalHeader;
    let layer = tar_of(&[global, file("a", b"1")]);
    let analysis = read(docker_archive(&[layer]));
    assert_eq!(analysis.layers[0].entries, 1);
    assert_eq!(analysis.filesystem.entries.len(), 1);
    assert_eq!(analysis.filesystem.entries[0].path, "/a");
}

#[test]
fn a_file_replacing_a_directory_wastes_everything_under_it() {
    let lower = tar_of(&[dir("d/"), file("d/a", b"12"), file("d/b/c", b"345")]);
    let upper = tar_of(&[file("d", b"now a file")]);
    let analysis = read(docker_archive(&[lower, upper]));
    assert_eq!(analysis.waste.overwritten_bytes, 5);
    assert_eq!(analysis.filesystem.entries.len(), 1);
}

#[test]
fn captured_files_follow_the_final_filesystem() {
    let lower = tar_of(&[file("etc/passwd", b"old\n"), file("etc/group", b"g\n")]);
    let upper = tar_of(&[file("etc/passwd", b"new\n")]);
    let analysis = read(docker_archive(&[lower, upper]));
    assert_eq!(analysis.filesystem.contents["/etc/passwd"], b"new\n");
    assert_eq!(analysis.filesystem.contents["/etc/group"], b"g\n");
    let big = vec![b'x'; (1 << 20) + 10];
    let analysis = read(docker_archive(&[tar_of(&[file("etc/shadow", &big)])]));
    assert_eq!(analysis.filesystem.contents["/etc/shadow"].len(), 1 << 20);
}

#[test]
fn links_are_recorded_never_followed() {
    let layer = tar_of(&[
        link("a", tar::EntryType::Symlink, "b"),
        link("b", tar::EntryType::Symlink, "a"),
        link("h", tar::EntryType::Link, "./h"),
        link("up", tar::EntryType::Symlink, "../../../etc/shadow"),
    ]);
    let analysis = read(docker_archive(&[layer]));
    let kinds: Vec<&EntryKind> = analysis
        .filesystem
        .entries
        .iter()
        .map(|entry| &entry.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            &EntryKind::Symlink {
                target: "b".to_string()
            },
            &EntryKind::Symlink {
                target: "a".to_string()
            },
            &EntryKind::Hardlink {
                target: "/h".to_string()
            },
            &EntryKind::Symlink {
                target: "../../../etc/shadow".to_string()
            },
        ]
    );
    assert_eq!(analysis.layers[0].symlinks, 3);
    assert_eq!(analysis.layers[0].hardlinks, 1);
}

#[test]
fn member_link_loops_are_refused() {
    let layer = tar_of(&[file("a", b"1")]);
    let config = config_for(std::slice::from_ref(&layer), &[]);
    let manifest = br#"[{"Config":"c.json","Layers":["l1/layer.tar"]}]"#;
    let archive = tar_of(&[
        file("c.json", &config),
        link("l1/layer.tar", tar::EntryType::Symlink, "../l2/layer.tar"),
        link("l2/layer.tar", tar::EntryType::Symlink, "../l1/layer.tar"),
        file("manifest.json", manifest),
    ]);
    let message = fails(archive, &options());
    assert!(message.contains("loop"), "{message}");
}

#[test]
fn truncated_archives_fail_clearly() {
    let layer = tar_of(&[file("big", &vec![7u8; 100_000])]);
    let archive = docker_archive(&[layer]);
    for cut in [600, 20_000, 90_000, archive.len() - 2000] {
        let message = fails(archive[..cut].to_vec(), &options());
        assert!(!message.is_empty());
    }
}

#[test]
fn truncated_gzip_layers_fail_clearly() {
    let layer = tar_of(&[file(
        "big",
        &(0..200_000u32).map(|n| n as u8).collect::<Vec<_>>(),
    )]);
    let compressed = gzip(&layer);
    let cut = compressed[..compressed.len() / 2].to_vec();
    let config = config_for(std::slice::from_ref(&layer), &[]);
    let config_name = sha256(&config);
    let manifest = serde_json::json!([{ "Config": config_name, "Layers": ["l.tar.gz"] }]);
    let archive = tar_of(&[
        file(&config_name, &config),
        file("l.tar.gz", &cut),
        file("manifest.json", &serde_json::to_vec(&manifest).unwrap()),
    ]);
    let message = fails(archive, &options());
    assert!(message.contains("layer 1"), "{message}");
}

#[test]
fn gzip_and_zstd_layers_are_told_by_their_bytes() {
    let first = tar_of(&[file("a", b"gzip")]);
    let second = tar_of(&[file("b", b"zstd")]);
    let third = tar_of(&[file("c", b"plain")]);
    let config = config_for(
        &[first.clone(), second.clone(), third.clone()],
        &["1", "2", "3"],
    );
    let zstd =
        ruzstd::encoding::compress_to_vec(&second[..], ruzstd::encoding::CompressionLevel::Fastest);
    // Absolute member names and misleading extensions, as some tarball writers produce.
    let manifest = serde_json::json!([{
        "Config": "/cfg", "Layers": ["/one.tar", "/two.tar.gz", "/three.tar.gz"],
    }]);
    let archive = tar_of(&[
        file("/cfg", &config),
        file("/one.tar", &gzip(&first)),
        file("/two.tar.gz", &zstd),
        file("/three.tar.gz", &third),
        file("/manifest.json", &serde_json::to_vec(&manifest).unwrap()),
    ]);
    let analysis = read(archive);
    let stored: Vec<Option<u64>> = analysis
        .layers
        .iter()
        .map(|layer| layer.compressed_size)
        .collect();
    assert_eq!(stored[0], Some(gzip(&first).len() as u64));
    assert_eq!(stored[1], Some(zstd.len() as u64));
    assert_eq!(stored[2], None);
    assert_eq!(analysis.layers[1].diff_id, Some(sha256(&second)));
    assert_eq!(analysis.layers[2].created_by.as_deref(), Some("3"));
    assert_eq!(analysis.filesystem.entries.len(), 3);
}

#[test]
fn gzip_bombs_stop_at_the_ratio_limit() {
    let layer = tar_of(&[file("zeros", &vec![0u8; 8 << 20])]);
    let compressed = gzip(&layer);
    let config = config_for(std::slice::from_ref(&layer), &[]);
    let manifest = br#"[{"Config":"c","Layers":["l"]}]"#;
    let archive = tar_of(&[
        file("c", &config),
        file("l", &compressed),
        file("manifest.json", manifest),
    ]);
    let options = ImageOptions {
        limits: Limits {
            ratio_check_after: 1 << 20,
            max_compression_ratio: 50,
            ..Limits::default()
        },
        ..ImageOptions::default()
    };
    let message = fails(archive.clone(), &options);
    assert!(message.contains("decompression bomb"), "{message}");
    let options = ImageOptions {
        limits: Limits {
            max_layer_bytes: 1 << 20,
            ..Limits::default()
        },
        ..ImageOptions::default()
    };
    let message = fails(archive.clone(), &options);
    assert!(message.contains("larger than"), "{message}");
    // With the default limits the same layer is read.
    assert_eq!(read(archive).layers[0].file_bytes, 8 << 20);
}

#[test]
fn one_layer_listed_many_times_stops_at_the_budget() {
    let layer = tar_of(&[file("zeros", &vec![0u8; 4 << 20])]);
    let config = serde_json::to_vec(&serde_json::json!({ "os": "linux" })).unwrap();
    let layers = vec!["l"; 200];
    let manifest = serde_json::json!([{ "Config": "c", "Layers": layers }]);
    let archive = tar_of(&[
        file("c", &config),
        file("l", &gzip(&layer)),
        file("manifest.json", &serde_json::to_vec(&manifest).unwrap()),
    ]);
    // Each layer alone stays under the point where the per-layer ratio is checked.
    let options = ImageOptions {
        limits: Limits {
            ratio_check_after: 16 << 20,
            max_compression_ratio: 50,
            ..Limits::default()
        },
        ..ImageOptions::default()
    };
    let message = fails(archive, &options);
    assert!(message.contains("layer 4"), "{message}");
    assert!(message.contains("decompression bomb"), "{message}");
}

#[test]
fn huge_declared_sizes_fail_without_reading_them() {
    let mut member = file("manifest.json", b"[]");
    member.declared = Some(10 << 30);
    let message = fails(tar_of(&[member]), &options());
    assert!(message.contains("past the end"), "{message}");

    let mut entry = file("huge", b"small");
    entry.declared = Some(10 << 30);
    let layer = tar_of(&[entry]);
    let config = config_for(&[], &[]);
    let manifest = br#"[{"Config":"c","Layers":["l"]}]"#;
    let archive = tar_of(&[
        file("c", &config),
        file("l", &layer),
        file("manifest.json", manifest),
    ]);
    let message = fails(archive, &options());
    assert!(message.contains("layer 1"), "{message}");
}

#[test]
fn manifests_naming_missing_or_escaping_blobs_fail() {
    let config = config_for(&[], &[]);
    let manifest = br#"[{"Config":"c","Layers":["nowhere/layer.tar"]}]"#;
    let archive = tar_of(&[file("c", &config), file("manifest.json", manifest)]);
    let message = fails(archive, &options());
    assert!(message.contains("nowhere/layer.tar"), "{message}");

    let manifest = br#"[{"Config":"../../etc/passwd","Layers":[]}]"#;
    let message = fails(tar_of(&[file("manifest.json", manifest)]), &options());
    assert!(message.contains(".."), "{message}");

    let index = br#"{"schemaVersion":2,"manifests":[{"digest":"sha256:../../../etc/passwd"}]}"#;
    let message = fails(tar_of(&[file("index.json", index)]), &options());
    assert!(message.contains("not a valid digest"), "{message}");
}

#[test]
fn limits_give_clear_errors() {
    let layer = tar_of(
        &(0..20)
            .map(|n| file(&format!("f{n}"), b"x"))
            .collect::<Vec<_>>(),
    );
    let archive = docker_archive(&[layer]);
    let small = |limits: Limits| ImageOptions {
        limits,
        ..ImageOptions::default()
    };
    let message = fails(
        archive.clone(),
        &small(Limits {
            max_entries: 10,
            ..Limits::default()
        }),
    );
    assert!(message.contains("more than 10 entries"), "{message}");
    let message = fails(
        archive.clone(),
        &small(Limits {
            max_json_bytes: 16,
            ..Limits::default()
        }),
    );
    assert!(message.contains("limit"), "{message}");
    let message = fails(
        archive,
        &small(Limits {
            max_archive_members: 2,
            ..Limits::default()
        }),
    );
    assert!(message.contains("more than 2 members"), "{message}");
}

#[test]
fn inputs_that_are_no_image_fail() {
    assert!(fails(Vec::new(), &options()).contains("neither JSON nor a tar"));
    assert!(fails(vec![0x42; 4096], &options()).contains("neither JSON nor a tar"));
    assert!(fails(b"{\"config\": [".to_vec(), &options()).contains("invalid"));
    assert!(fails(gzip(b"not a tar at all, only text"), &options()).contains("archive"));
    let message = fails(tar_of(&[file("manifest.json", b"{}")]), &options());
    assert!(message.contains("manifest.json"), "{message}");
    let message = fails(tar_of(&[file("manifest.json", b"[]")]), &options());
    assert!(message.contains("no image"), "{message}");
}

#[test]
fn digest_mismatches_fail() {
    let layer = tar_of(&[file("a", b"1")]);
    let other = tar_of(&[file("a", b"2")]);
    // The config lists the diff_id of another layer.
    let config = config_for(&[other], &[]);
    let manifest = br#"[{"Config":"c","Layers":["l"]}]"#;
    let archive = tar_of(&[
        file("c", &config),
        file("l", &layer),
        file("manifest.json", manifest),
    ]);
    let message = fails(archive, &options());
    assert!(message.contains("diff_id"), "{message}");
}

/// An OCI layout as a tar: two platforms of one image under one index.
fn multi_platform_layout() -> Vec<u8> {
    let mut items = vec![file("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#)];
    let mut descriptors = Vec::new();
    for (architecture, content) in [("amd64", b"x86".as_slice()), ("arm64", b"arm".as_slice())] {
        let layer = tar_of(&[file("arch", content)]);
        let blob = gzip(&layer);
        let config = String::from_utf8(config_for(std::slice::from_ref(&layer), &[]))
            .unwrap()
            .replace(r#""amd64""#, &format!(r#""{architecture}""#))
            .into_bytes();
        let manifest = serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "config": { "mediaType": "application/vnd.oci.image.config.v1+json",
                        "digest": sha256(&config), "size": config.len() },
            "layers": [{ "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                         "digest": sha256(&blob), "size": blob.len() }],
        }))
        .unwrap();
        for bytes in [&config, &blob, &manifest] {
            items.push(file(
                &format!("blobs/sha256/{}", &sha256(bytes)[7..]),
                bytes,
            ));
        }
        descriptors.push(serde_json::json!({
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": sha256(&manifest), "size": manifest.len(),
            "platform": { "os": "linux", "architecture": architecture },
        }));
    }
    descriptors.push(serde_json::json!({
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "platform": { "os": "unknown", "architecture": "unknown" },
    }));
    let index = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": descriptors,
    }))
    .unwrap();
    items.push(file(
        &format!("blobs/sha256/{}", &sha256(&index)[7..]),
        &index,
    ));
    let top = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "digest": sha256(&index), "size": index.len(),
            "annotations": { "io.containerd.image.name": "docker.io/library/multi:2",
                             "org.opencontainers.image.ref.name": "2" },
        }],
    }))
    .unwrap();
    items.push(file("index.json", &top));
    tar_of(&items)
}

#[test]
fn multi_platform_indexes_select_by_platform() {
    let layout = multi_platform_layout();
    let message = fails(layout.clone(), &options());
    assert!(
        message.contains("linux/amd64") && message.contains("linux/arm64"),
        "{message}"
    );
    let pick = |platform: &str, image: Option<&str>| {
        let options = ImageOptions {
            platform: Some(platform.to_string()),
            image: image.map(str::to_string),
            ..ImageOptions::default()
        };
        analyze_reader(Cursor::new(layout.clone()), &options)
    };
    let arm = pick("linux/arm64", None).unwrap();
    assert_eq!(arm.reference.as_deref(), Some("docker.io/library/multi:2"));
    assert_eq!(arm.filesystem.entries[0].size, 3);
    let amd = pick("linux/amd64", Some("multi:2")).unwrap();
    assert_ne!(amd.layers[0].digest, arm.layers[0].digest);
    assert_eq!(amd.filesystem.entries[0].path, "/arch");
    let message = match pick("linux/s390x", None) {
        Ok(_) => panic!("an absent platform was found"),
        Err(error) => error.message,
    };
    assert!(message.contains("linux/s390x"), "{message}");
}

#[test]
fn progress_reaches_the_total() {
    let layer = tar_of(&[file("a", &vec![1u8; 10 << 20])]);
    let archive = docker_archive(&[layer.clone(), layer]);
    let seen = Mutex::new(Vec::new());
    let record = |progress: Progress| seen.lock().unwrap().push(progress);
    let options = ImageOptions {
        progress: Some(&record),
        ..ImageOptions::default()
    };
    analyze_reader(Cursor::new(archive), &options).unwrap();
    let seen = seen.into_inner().unwrap();
    let last = seen.last().unwrap();
    assert_eq!(last.read, last.total);
    assert!(seen.len() > 2);
    assert!(seen.windows(2).all(|pair| pair[0].read <= pair[1].read));
}

#[test]
fn docker_inspect_output_is_read_as_a_config() {
    let json = br#"[{"Id":"sha256:abc","RepoTags":["x:2"],"Os":"linux","Config":{"User":"0"}}]"#;
    let analysis = read(json.to_vec());
    assert_eq!(analysis.config_digest.as_deref(), Some("sha256:abc"));
    assert_eq!(analysis.reference.as_deref(), Some("docker.io/library/x:2"));
    assert!(analysis.layers.is_empty());
}

#[test]
fn compressed_outer_archives_are_read() {
    let first = tar_of(&[file("a", b"1")]);
    let second = tar_of(&[file("b", b"22")]);
    let archive = docker_archive(&[first, second]);
    let analysis = read(gzip(&archive));
    assert_eq!(analysis.layers.len(), 2);
    assert_eq!(analysis.filesystem.entries.len(), 2);
}

#[cfg(unix)]
#[test]
fn layout_directories_never_follow_symbolic_links() {
    use super::source::analyze_path;

    let root = std::env::temp_dir().join(format!(
        "plimsoll-layout-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or(0)
    ));
    let layout = root.join("layout");
    let outside = root.join("outside");
    std::fs::create_dir_all(outside.join("sha256")).unwrap();
    std::fs::create_dir_all(&layout).unwrap();
    let manifest = br#"{"schemaVersion":2,"config":{"digest":"sha256:00"},"layers":[]}"#;
    std::fs::write(
        outside.join("sha256").join(&sha256(manifest)[7..]),
        manifest,
    )
    .unwrap();
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"digest":"{}","size":{}}}]}}"#,
        sha256(manifest),
        manifest.len()
    );
    std::fs::write(layout.join("index.json"), index).unwrap();
    std::os::unix::fs::symlink(&outside, layout.join("blobs")).unwrap();
    let result = analyze_path(&layout, &ImageOptions::default());
    std::fs::remove_dir_all(&root).unwrap();
    let error = result.expect_err("a blob behind a symbolic link was read");
    assert_eq!(error.kind, ErrorKind::InvalidInput);
    assert!(error.message.contains("symbolic link"), "{}", error.message);
}

#[test]
fn whiteouts_repeated_in_a_large_layer() {
    // A marker repeated after many entries of its own layer must not rescan them each time.
    // Rescanning made 20,000 of each take about a minute.
    let count = 20_000;
    let lower = tar_of(&[dir("d/"), file("d/x", b"12"), file("e", b"345")]);
    let mut items: Vec<Item> = (0..count).map(|n| file(&format!("d/f{n}"), b"")).collect();
    items.extend((0..count).map(|_| file("d/.wh..wh..opq", b"")));
    items.extend((0..count).map(|_| file(".wh.e", b"")));
    let upper = tar_of(&items);
    let started = std::time::Instant::now();
    let analysis = read(docker_archive(&[lower, upper]));
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
    assert_eq!(analysis.waste.opaque_hidden_bytes, 2);
    assert_eq!(analysis.waste.deleted_bytes, 3);
    assert_eq!(analysis.filesystem.entries.len(), count + 1);
}

#[test]
fn platforms_absent_from_the_config_are_refused() {
    // A `docker save` archive has no index, so only the config gives the platform.
    let archive = docker_archive(&[tar_of(&[file("a", b"1")])]);
    let with_platform = |platform: &str| ImageOptions {
        platform: Some(platform.to_string()),
        ..ImageOptions::default()
    };
    let message = fails(archive.clone(), &with_platform("linux/arm64"));
    assert!(
        message.contains("linux/amd64") && message.contains("linux/arm64"),
        "{message}"
    );
    assert!(analyze_reader(Cursor::new(archive), &with_platform("linux/amd64")).is_ok());
    let config = br#"{"os":"linux","architecture":"arm","variant":"v7"}"#.to_vec();
    assert!(fails(config.clone(), &with_platform("linux/arm/v6")).contains("linux/arm/v7"));
    assert!(analyze_reader(Cursor::new(config), &with_platform("linux/arm")).is_ok());
}

#[test]
fn captured_files_behind_links_are_read_from_their_layer() {
    let lower = tar_of(&[
        file("usr/lib/passwd", b"old\n"),
        file("usr/lib/shadow", b"root::1::::::\n"),
    ]);
    let upper = tar_of(&[
        file("usr/lib/passwd", b"root::0:0::/root:/bin/sh\n"),
        dir("etc/"),
        link("etc/passwd", tar::EntryType::Symlink, "../usr/lib/passwd"),
        link("etc/shadow", tar::EntryType::Link, "usr/lib/shadow"),
        link("etc/group", tar::EntryType::Symlink, "/nowhere"),
    ]);
    let analysis = read(gzip(&docker_archive(&[lower, upper])));
    let contents = &analysis.filesystem.contents;
    assert_eq!(contents["/etc/passwd"], b"root::0:0::/root:/bin/sh\n");
    assert_eq!(contents["/etc/shadow"], b"root::1::::::\n");
    assert!(!contents.contains_key("/etc/group"));
}

#[test]
fn oversized_pax_headers_are_rejected() {
    // A PAX header far larger than any real one: reading it whole would take memory in
    // proportion to the size it declares.
    let mut pax = file("PaxHeaders/a", &vec![0u8; 2 << 20]);
    pax.kind = tar::EntryType::XHeader;
    let layer = tar_of(&[file("first", b"1"), pax, file("a", b"1")]);
    let message = fails(docker_archive(&[layer]), &options());
    assert!(message.contains("layer 1"), "{message}");
    assert!(message.contains("offset 1024"), "{message}");
    assert!(message.contains("extension header"), "{message}");
}

#[test]
fn oversized_gnu_long_names_are_rejected() {
    for kind in [
        tar::EntryType::GNULongName,
        tar::EntryType::GNULongLink,
        tar::EntryType::XGlobalHeader,
    ] {
        let mut long = file("././@LongLink", &vec![b'a'; 2 << 20]);
        long.kind = kind;
        let layer = tar_of(&[long, file("a", b"1")]);
        let message = fails(docker_archive(&[layer]), &options());
        assert!(message.contains("layer 1"), "{message}");
        assert!(message.contains("offset 0"), "{message}");
    }
}

/// One PAX record, `<length> <key>=<value>\n`, where the length counts the whole record.
fn pax_record(key: &str, value: &str) -> Vec<u8> {
    let body = format!(" {key}={value}\n");
    let mut length = body.len() + 1;
    while format!("{length}").len() + body.len() != length {
        length += 1;
    }
    format!("{length}{body}").into_bytes()
}

fn extension(kind: tar::EntryType, data: Vec<u8>) -> Item {
    Item {
        kind,
        ..file("././@LongLink", &data)
    }
}

#[test]
fn pax_and_gnu_long_names_apply_to_the_next_entry() {
    let long_dir = "d".repeat(120);
    let pax_path = format!("{long_dir}/pax-file");
    let mut records = pax_record("path", &pax_path);
    records.extend(pax_record("uid", "123456789"));
    records.extend(pax_record("gid", "4242"));
    records.extend(pax_record("size", "3"));
    records.extend(pax_record("comment", "ignored"));
    let link_records = pax_record("linkpath", &format!("{long_dir}/pax-target"));
    let gnu_path = format!("{long_dir}/gnu-link");
    let gnu_target = format!("{long_dir}/gnu-target");
    let layer = tar_of(&[
        extension(tar::EntryType::XHeader, records),
        file("short-name", b"abc"),
        extension(tar::EntryType::XHeader, link_records),
        link("short-link", tar::EntryType::Symlink, "short-target"),
        extension(
            tar::EntryType::GNULongName,
            format!("{gnu_path}\0").into_bytes(),
        ),
        extension(tar::EntryType::GNULongLink, gnu_target.clone().into_bytes()),
        link("short-hard", tar::EntryType::Link, "short-target"),
        file("plain", b"12345"),
    ]);
    let analysis = read(docker_archive(&[layer]));
    let entries = &analysis.filesystem.entries;
    assert_eq!(entries.len(), 4, "{entries:?}");
    assert_eq!(analysis.layers[0].entries, 4);

    let pax_file = entries
        .iter()
        .find(|entry| entry.path == format!("/{pax_path}"))
        .unwrap();
    assert_eq!(pax_file.size, 3);
    assert_eq!(pax_file.uid, 123_456_789);
    assert_eq!(pax_file.gid, 4242);

    let symlink = entries
        .iter()
        .find(|entry| entry.path == "/short-link")
        .unwrap();
    assert_eq!(
        symlink.kind,
        EntryKind::Symlink {
            target: format!("{long_dir}/pax-target")
        }
    );

    let hardlink = entries
        .iter()
        .find(|entry| entry.path == format!("/{gnu_path}"))
        .unwrap();
    assert_eq!(
        hardlink.kind,
        EntryKind::Hardlink {
            target: format!("/{gnu_target}")
        }
    );

    let plain = entries.iter().find(|entry| entry.path == "/plain").unwrap();
    assert_eq!(plain.size, 5);
    assert_eq!(plain.uid, 0);
}

#[test]
fn extension_headers_without_an_entry_fail() {
    let layer = tar_of(&[
        file("a", b"1"),
        extension(tar::EntryType::XHeader, pax_record("path", "b")),
    ]);
    let message = fails(docker_archive(&[layer]), &options());
    assert!(message.contains("layer 1"), "{message}");
}

#[test]
fn empty_whiteout_names_are_rejected() {
    let lower = tar_of(&[
        dir("etc/"),
        file("etc/passwd", b"root:x:0:0::/root:/bin/sh\n"),
    ]);
    for name in ["etc/.wh.", "etc/.wh..", "etc/.wh..."] {
        let upper = tar_of(&[file(name, b"")]);
        let message = fails(docker_archive(&[lower.clone(), upper]), &options());
        assert!(message.contains("layer 2"), "{message}");
        assert!(message.contains(&format!("`/{name}`")), "{message}");
    }
    // A whiteout with a name still deletes only that name.
    let upper = tar_of(&[file("etc/.wh.shadow", b"")]);
    let analysis = read(docker_archive(&[lower, upper]));
    assert!(analysis.filesystem.contents.contains_key("/etc/passwd"));
}

#[test]
fn extension_header_limit_is_configurable() {
    let records = pax_record("path", &"p".repeat(200));
    let layer = tar_of(&[extension(tar::EntryType::XHeader, records), file("a", b"1")]);
    let archive = docker_archive(&[layer]);
    let options = ImageOptions {
        limits: Limits {
            max_extension_header_bytes: 64,
            ..Limits::default()
        },
        ..ImageOptions::default()
    };
    let message = fails(archive.clone(), &options);
    assert!(message.contains("limit of 64 bytes"), "{message}");
    let analysis = read(archive);
    assert_eq!(
        analysis.filesystem.entries[0].path,
        format!("/{}", "p".repeat(200))
    );
}

#[test]
fn pax_sizes_unlike_the_header_are_rejected() {
    let layer = tar_of(&[
        extension(tar::EntryType::XHeader, pax_record("size", "1024")),
        file("a", b"1"),
    ]);
    let message = fails(docker_archive(&[layer]), &options());
    assert!(message.contains("layer 1"), "{message}");
    assert!(message.contains("PAX size of 1024 bytes"), "{message}");
}
