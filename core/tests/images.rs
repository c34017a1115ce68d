//! Reads the image fixtures kept beside the repository in every form they exist in and checks
//! each figure against the fixture's `facts.json`, and the upstream fixtures against figures
//! checked independently with Python's `tarfile`. Every test skips, saying why, when
//! `../shared` is absent.

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use plimsoll::ErrorKind;
use plimsoll::image::analysis::{EntryKind, ImageAnalysis, WasteReason};
use plimsoll::image::{ImageOptions, analyze_path, analyze_reader};
use serde_json::Value;

fn images_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/images");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn options(image: Option<&str>) -> ImageOptions<'static> {
    ImageOptions {
        image: image.map(str::to_string),
        ..ImageOptions::default()
    }
}

fn analyze(path: &Path, image: Option<&str>) -> ImageAnalysis {
    analyze_path(path, &options(image))
        .unwrap_or_else(|error| panic!("{}: {}", path.display(), error.message))
}

fn error_of(path: &Path, image: Option<&str>) -> plimsoll::Error {
    match analyze_path(path, &options(image)) {
        Ok(_) => panic!("{} was read without an error", path.display()),
        Err(error) => error,
    }
}

/// Packs a directory into an in-memory tar, names relative to it and starting with `./`.
fn tar_of_dir(dir: &Path) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    builder.follow_symlinks(false);
    builder.append_dir_all(".", dir).unwrap();
    builder.into_inner().unwrap()
}

fn reason_text(reason: &WasteReason) -> String {
    match reason {
        WasteReason::Overwritten => "overwritten".to_string(),
        WasteReason::Deleted { whiteout } => format!("deleted (whiteout {whiteout})"),
        WasteReason::Hidden { opaque_whiteout } => {
            format!("hidden by opaque whiteout {opaque_whiteout}")
        }
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item.as_str().unwrap().to_string())
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// The OCI layout: gzip layers, digests of the compressed blobs.
    Oci,
    /// The docker-archive: uncompressed layers, blob digest = diff_id.
    DockerArchive,
}

/// Checks every figure that `facts.json` records about layers, totals and waste.
fn check_facts(analysis: &ImageAnalysis, facts: &Value, form: Form, label: &str) {
    assert_eq!(
        analysis.config_digest.as_deref(),
        facts["config_digest"].as_str(),
        "{label}"
    );
    let reference = facts["docker_archive"]["repo_tags"][0].as_str().unwrap();
    assert_eq!(analysis.reference.as_deref(), Some(reference), "{label}");
    let layers = facts["layers"].as_array().unwrap();
    assert_eq!(analysis.layers.len(), layers.len(), "{label}");
    for (layer, expected) in analysis.layers.iter().zip(layers) {
        let at = format!("{label} layer {}", layer.index);
        assert_eq!(
            layer.index as u64,
            expected["index"].as_u64().unwrap(),
            "{at}"
        );
        assert_eq!(
            layer.diff_id.as_deref(),
            expected["diff_id"].as_str(),
            "{at}"
        );
        match form {
            Form::Oci => {
                assert_eq!(layer.digest.as_deref(), expected["digest"].as_str(), "{at}");
                assert_eq!(
                    layer.compressed_size,
                    expected["compressed_size"].as_u64(),
                    "{at}"
                );
                assert_eq!(
                    layer.media_type.as_deref(),
                    expected["mediaType"].as_str(),
                    "{at}"
                );
            }
            Form::DockerArchive => {
                assert_eq!(
                    layer.digest.as_deref(),
                    expected["diff_id"].as_str(),
                    "{at}"
                );
                assert_eq!(layer.compressed_size, None, "{at}");
            }
        }
        let counts = [
            ("uncompressed_size", layer.uncompressed_size),
            ("entries", layer.entries),
            ("regular_files", layer.regular_files),
            ("file_bytes", layer.file_bytes),
            ("dirs", layer.dirs),
            ("symlinks", layer.symlinks),
            ("hardlinks", layer.hardlinks),
        ];
        for (name, actual) in counts {
            assert_eq!(actual, expected[name].as_u64().unwrap(), "{at} {name}");
        }
        assert_eq!(layer.whiteouts, strings(&expected["whiteouts"]), "{at}");
        assert_eq!(
            layer.opaque_whiteouts,
            strings(&expected["opaque_whiteouts"]),
            "{at}"
        );
        assert_eq!(
            layer.created_by.as_deref(),
            expected["created_by"].as_str(),
            "{at}"
        );
        let by_layer = facts["wasted"]["by_layer"][layer.index.to_string()]
            .as_u64()
            .unwrap_or(0);
        assert_eq!(layer.wasted_bytes, by_layer, "{at} wasted");
    }

    let totals = &facts["totals"];
    let sum = |f: &dyn Fn(&plimsoll::image::analysis::LayerSummary) -> u64| -> u64 {
        analysis.layers.iter().map(f).sum()
    };
    assert_eq!(
        sum(&|layer| layer.uncompressed_size),
        totals["uncompressed_bytes"].as_u64().unwrap(),
        "{label}"
    );
    if form == Form::Oci {
        assert_eq!(
            sum(&|layer| layer.compressed_size.unwrap()),
            totals["compressed_bytes"].as_u64().unwrap(),
            "{label}"
        );
    }
    assert_eq!(
        sum(&|layer| layer.file_bytes),
        totals["file_bytes_all_layers"].as_u64().unwrap(),
        "{label}"
    );
    let files: Vec<_> = analysis
        .filesystem
        .entries
        .iter()
        .filter(|entry| entry.kind == EntryKind::File)
        .collect();
    assert_eq!(
        files.len() as u64,
        totals["final_visible_files"].as_u64().unwrap(),
        "{label}"
    );
    assert_eq!(
        files.iter().map(|entry| entry.size).sum::<u64>(),
        totals["final_visible_file_bytes"].as_u64().unwrap(),
        "{label}"
    );

    let wasted = &facts["wasted"];
    let waste = &analysis.waste;
    assert_eq!(waste.bytes, wasted["bytes"].as_u64().unwrap(), "{label}");
    assert_eq!(waste.files, wasted["files"].as_u64().unwrap(), "{label}");
    assert_eq!(
        waste.overwritten_bytes,
        wasted["overwritten_bytes"].as_u64().unwrap(),
        "{label}"
    );
    assert_eq!(
        waste.deleted_bytes,
        wasted["deleted_bytes"].as_u64().unwrap(),
        "{label}"
    );
    assert_eq!(
        waste.opaque_hidden_bytes,
        wasted["opaque_hidden_bytes"].as_u64().unwrap(),
        "{label}"
    );
    let actual: BTreeSet<(String, u64, u64, String, u64)> = waste
        .items
        .iter()
        .map(|item| {
            (
                item.path.clone(),
                item.layer as u64,
                item.size,
                reason_text(&item.reason),
                item.by_layer as u64,
            )
        })
        .collect();
    let expected: BTreeSet<(String, u64, u64, String, u64)> = wasted["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["path"].as_str().unwrap().to_string(),
                item["layer"].as_u64().unwrap(),
                item["size"].as_u64().unwrap(),
                item["reason"].as_str().unwrap().to_string(),
                item["by_layer"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(actual, expected, "{label}");
    // Largest first.
    assert!(
        waste
            .items
            .windows(2)
            .all(|pair| pair[0].size >= pair[1].size),
        "{label}"
    );

    let with_bit = |bit: u32| -> Vec<String> {
        files
            .iter()
            .filter(|entry| entry.mode & bit != 0)
            .map(|entry| entry.path.clone())
            .collect()
    };
    assert_eq!(with_bit(0o4000), strings(&facts["setuid_files"]), "{label}");
    assert_eq!(with_bit(0o2000), strings(&facts["setgid_files"]), "{label}");
    for tool in facts["build_tools"].as_array().unwrap() {
        let path = tool["path"].as_str().unwrap();
        let entry = analysis
            .filesystem
            .entries
            .iter()
            .find(|entry| entry.path == path)
            .unwrap_or_else(|| panic!("{label}: {path} is missing"));
        match (&entry.kind, tool["type"].as_str().unwrap()) {
            (EntryKind::Symlink { target }, "symlink") => {
                assert_eq!(
                    Some(target.as_str()),
                    tool["link"].as_str(),
                    "{label} {path}"
                )
            }
            (EntryKind::File, "file") => {}
            (kind, expected) => panic!("{label}: {path} is {kind:?}, not {expected}"),
        }
    }
}

/// Reads one fixture image in all its forms and checks every figure.
fn check_image(name: &str) {
    let Some(dir) = images_dir() else { return };
    let facts: Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.facts.json"))).unwrap())
            .unwrap();

    let oci = dir.join(format!("{name}.oci"));
    let analysis = analyze(&oci, None);
    check_facts(&analysis, &facts, Form::Oci, &format!("{name}.oci"));

    let oci_tar = tar_of_dir(&oci);
    let analysis = analyze_reader(Cursor::new(oci_tar), &options(None)).unwrap();
    check_facts(
        &analysis,
        &facts,
        Form::Oci,
        &format!("{name}.oci as a tar"),
    );

    let archive = dir.join(format!("{name}.tar"));
    if archive.exists() {
        let analysis = analyze(&archive, None);
        check_facts(
            &analysis,
            &facts,
            Form::DockerArchive,
            &format!("{name}.tar"),
        );
        // The name can be given short, long or with the implied tag.
        let repo_tag = facts["docker_archive"]["repo_tags"][0].as_str().unwrap();
        let short = repo_tag.trim_start_matches("docker.io/library/");
        let by_name = analyze(&archive, Some(short));
        assert_eq!(by_name.reference.as_deref(), Some(repo_tag));
    } else {
        eprintln!("{name}.tar is absent: the docker-archive form is not checked");
    }

    let config = dir.join(format!("{name}.config.json"));
    let analysis = analyze(&config, None);
    assert_eq!(
        analysis.config_digest.as_deref(),
        facts["config_digest"].as_str()
    );
    assert!(analysis.layers.is_empty());
    assert!(analysis.filesystem.entries.is_empty());
    assert_eq!(
        analysis.config.architecture.as_deref(),
        facts["architecture"].as_str()
    );
    assert_eq!(
        analysis.config.created.as_deref(),
        facts["created"].as_str()
    );
    assert_eq!(
        analysis.config.diff_ids.len(),
        facts["layers"].as_array().unwrap().len()
    );
}

#[test]
fn multi_layer_overwrite_in_every_form() {
    check_image("multi-layer-overwrite");
}

#[test]
fn slim_in_every_form() {
    check_image("slim");
}

#[test]
fn crime_scene_in_every_form() {
    check_image("crime-scene");
    let Some(dir) = images_dir() else { return };
    let analysis = analyze(&dir.join("crime-scene.oci"), None);
    let contents = &analysis.filesystem.contents;
    // Sizes and first line read with Python's tarfile from layer 1.
    assert_eq!(contents["/etc/passwd"].len(), 839);
    assert!(contents["/etc/passwd"].starts_with(b"root:x:0:0:root:/root:/bin/bash\n"));
    assert_eq!(contents["/etc/shadow"].len(), 474);
    assert!(contents["/etc/shadow"].starts_with(b"root:*:20220:0:99999:7:::\n"));
    assert_eq!(contents["/etc/group"].len(), 434);
    assert!(!contents.contains_key("/etc/master.passwd"));
    let hardlink = analysis
        .filesystem
        .entries
        .iter()
        .find(|entry| matches!(entry.kind, EntryKind::Hardlink { .. }))
        .unwrap();
    assert_eq!(hardlink.layer, 1);
}

fn upstream(path: &str) -> Option<PathBuf> {
    images_dir().map(|dir| dir.join("upstream").join(path))
}

#[test]
fn dive_test_image_gives_dive_figures_exactly() {
    let Some(path) = upstream("dive/test-docker-image.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(analysis.dive.efficiency, 0.9844212134184309);
    assert_eq!(analysis.dive.wasted_bytes, 32_025);
    assert_eq!(analysis.dive.user_wasted_percent, 0.4834911001404049);
    assert_eq!(analysis.dive.image_size, 1_220_598);
    assert_eq!(analysis.dive.user_size, 66_237);
    assert_eq!(
        analysis.reference.as_deref(),
        Some("docker.io/library/dive-test:latest")
    );
    assert_eq!(analysis.layers.len(), 14);

    // The corrected figure counts only hidden copies: five 6,405-byte copies. It equals
    // dive's here only because every path dive counts twice is deleted in the end.
    assert_eq!(analysis.waste.bytes, 32_025);
    assert_eq!(analysis.waste.overwritten_bytes, 12_810);
    assert_eq!(analysis.waste.deleted_bytes, 19_215);
    let items: BTreeSet<(&str, usize, usize)> = analysis
        .waste
        .items
        .iter()
        .map(|item| (item.path.as_str(), item.layer, item.by_layer))
        .collect();
    let expected = BTreeSet::from([
        ("/root/example/somefile1.txt", 4, 5),
        ("/root/example/somefile3.txt", 7, 8),
        ("/root/example/somefile1.txt", 5, 10),
        ("/root/example/somefile2.txt", 6, 10),
        ("/root/saved.txt", 8, 14),
    ]);
    assert_eq!(items, expected);
    assert_eq!(
        analysis.layers[7].whiteouts,
        ["/root/example/somefile3.txt"]
    );
    assert_eq!(analysis.layers[9].whiteouts, ["/root/example"]);
    let first = &analysis.layers[0];
    assert_eq!(
        (
            first.entries,
            first.regular_files,
            first.file_bytes,
            first.dirs,
            first.hardlinks
        ),
        (415, 6, 1_154_361, 17, 392)
    );
    assert_eq!(first.uncompressed_size, 1_369_600);
    let files = analysis
        .filesystem
        .entries
        .iter()
        .filter(|entry| entry.kind == EntryKind::File);
    assert_eq!(files.map(|entry| entry.size).sum::<u64>(), 1_188_573);
    assert_eq!(analysis.filesystem.entries.len(), 423);
}

#[test]
fn kaniko_tarball_with_absolute_member_names() {
    let Some(path) = upstream("dive/test-kaniko-image.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(
        analysis.reference.as_deref(),
        Some("docker.io/library/dive-test:kaniko-latest")
    );
    assert_eq!(analysis.layers.len(), 14);
    let first = &analysis.layers[0];
    assert_eq!(first.compressed_size, Some(764_655));
    assert_eq!(first.uncompressed_size, 1_449_984);
    assert_eq!(first.entries, 421);
    assert_eq!(first.hardlinks, 398);
    assert_eq!(
        analysis.layers[1].created_by.as_deref(),
        Some("ADD README.md /somefile.txt")
    );
    assert_eq!(
        analysis.layers[7].whiteouts,
        ["/root/example/somefile3.txt"]
    );
    assert_eq!(analysis.waste.bytes, 46_245);
    assert_eq!(analysis.waste.files, 5);
    assert!(
        analysis
            .filesystem
            .entries
            .iter()
            .any(|entry| entry.path == "/root/saved.txt")
    );
    let files: Vec<_> = analysis
        .filesystem
        .entries
        .iter()
        .filter(|entry| entry.kind == EntryKind::File)
        .collect();
    assert_eq!(files.len(), 13);
    assert_eq!(files.iter().map(|entry| entry.size).sum::<u64>(), 1_280_165);
}

#[test]
fn rootfs_tar_is_rejected() {
    let Some(path) = upstream("dive/test-gzip-image.tar") else {
        return;
    };
    let error = error_of(&path, None);
    assert_eq!(error.kind, ErrorKind::InvalidInput);
    assert!(error.message.contains("manifest.json"), "{}", error.message);
}

#[test]
fn dockle_symlinked_layers() {
    let Some(path) = upstream("dockle/symbolic.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(analysis.layers.len(), 9);
    // Layer 9 is a symbolic link to the tar of layer 7.
    assert_eq!(analysis.layers[6].diff_id, analysis.layers[8].diff_id);
    assert_eq!(analysis.layers[1].opaque_whiteouts, ["/app"]);
    let entry = |path: &str| {
        analysis
            .filesystem
            .entries
            .iter()
            .find(|entry| entry.path == path)
            .unwrap()
            .clone()
    };
    assert_ne!(entry("/app/suid.txt").mode & 0o4000, 0);
    assert_ne!(entry("/app/gid.txt").mode & 0o2000, 0);
    // Set in layer 8 and cleared in layer 9.
    assert_eq!(entry("/app/once-suid.txt").mode & 0o4000, 0);
    assert_eq!(entry("/app/once-suid.txt").layer, 9);
    assert_eq!(analysis.filesystem.entries.len(), 425);
}

#[test]
fn gzip_compressed_docker_save() {
    let Some(path) = upstream("dockle/alpine-310.tar.gz") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(
        analysis.reference.as_deref(),
        Some("docker.io/library/alpine:3.10")
    );
    let layer = &analysis.layers[0];
    assert_eq!(
        (
            layer.entries,
            layer.regular_files,
            layer.file_bytes,
            layer.dirs,
            layer.symlinks
        ),
        (482, 70, 5_552_525, 88, 324)
    );
    assert_eq!(layer.uncompressed_size, 5_818_880);
    let contents = &analysis.filesystem.contents;
    assert_eq!(contents["/etc/passwd"].len(), 1230);
    assert!(contents["/etc/passwd"].starts_with(b"root:x:0:0:root:/root:/bin/ash\n"));
    assert_eq!(contents["/etc/shadow"].len(), 441);
    assert!(contents["/etc/shadow"].starts_with(b"root:!::0:::::\n"));
    assert_eq!(contents["/etc/group"].len(), 697);
}

#[test]
fn image_from_scratch() {
    let Some(path) = upstream("dockle/scratch.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(analysis.filesystem.entries.len(), 1);
    assert_eq!(analysis.filesystem.entries[0].path, "/credentials.json");
    assert_eq!(analysis.filesystem.entries[0].size, 461);
    assert_eq!(analysis.dive.efficiency, 1.0);
}

#[test]
fn docker_25_save_with_an_oci_layout_inside() {
    let Some(path) = upstream("ggcr/hello-world-v25.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(analysis.reference, None);
    assert_eq!(
        analysis.config_digest.as_deref(),
        Some("sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44")
    );
    let layer = &analysis.layers[0];
    assert_eq!(
        layer.media_type.as_deref(),
        Some("application/vnd.oci.image.layer.v1.tar")
    );
    assert_eq!(
        layer.diff_id.as_deref(),
        Some("sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43")
    );
    assert_eq!(layer.created_by.as_deref(), Some("COPY hello / # buildkit"));
    assert_eq!(analysis.filesystem.entries[0].path, "/hello");
    assert_eq!(analysis.filesystem.entries[0].size, 9136);
}

const TEST_IMAGE_1_DIFF_ID: &str =
    "sha256:8897395fd26dc44ad0e2a834335b33198cb41ac4d98dfddf58eced3853fa7b17";
const TEST_IMAGE_2_DIFF_ID: &str =
    "sha256:3610aa5267a210147ba6ca02cdd87610dfc08522de9c5f5015edd8ee14853fd8";

#[test]
fn ggcr_single_image() {
    let Some(path) = upstream("ggcr/test_image_1.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(
        analysis.reference.as_deref(),
        Some("docker.io/bazel/v1/tarball:test_image_1")
    );
    assert_eq!(
        analysis.layers[0].diff_id.as_deref(),
        Some(TEST_IMAGE_1_DIFF_ID)
    );
    assert_eq!(
        analysis.layers[0].created_by.as_deref(),
        Some("bazel build ...")
    );
    assert_eq!(analysis.layers[0].entries, 3);
}

#[test]
fn bundle_selects_by_tag_and_by_index() {
    let Some(path) = upstream("ggcr/test_bundle.tar") else {
        return;
    };
    let error = error_of(&path, None);
    assert_eq!(error.kind, ErrorKind::InvalidInput);
    assert!(
        error.message.contains("#0 (test_image_2)") && error.message.contains("#1 (test_image_1)"),
        "{}",
        error.message
    );
    let diff_id = |image: &str| {
        analyze(&path, Some(image)).layers[0]
            .diff_id
            .clone()
            .unwrap()
    };
    assert_eq!(diff_id("#0"), TEST_IMAGE_2_DIFF_ID);
    assert_eq!(diff_id("#1"), TEST_IMAGE_1_DIFF_ID);
    assert_eq!(diff_id("test_image_1"), TEST_IMAGE_1_DIFF_ID);
    assert_eq!(
        diff_id("docker.io/library/test_image_2:latest"),
        TEST_IMAGE_2_DIFF_ID
    );
    assert_eq!(
        analyze(&path, Some("test_image_2:latest"))
            .reference
            .as_deref(),
        Some("docker.io/library/test_image_2:latest")
    );
    let missing = error_of(&path, Some("test_image_3"));
    assert!(
        missing.message.contains("test_image_3"),
        "{}",
        missing.message
    );
    let out_of_range = error_of(&path, Some("#2"));
    assert!(
        out_of_range.message.contains("#2"),
        "{}",
        out_of_range.message
    );
}

#[test]
fn linked_layers_shared_between_images() {
    let Some(path) = upstream("ggcr/test_link.tar") else {
        return;
    };
    let analysis = analyze(&path, Some("bazel/v1/tarball:test_image_3"));
    assert_eq!(analysis.layers.len(), 2);
    assert_eq!(
        analysis.layers[0].diff_id.as_deref(),
        Some(TEST_IMAGE_1_DIFF_ID)
    );
    let files: Vec<_> = analysis
        .filesystem
        .entries
        .iter()
        .filter(|entry| entry.kind == EntryKind::File)
        .collect();
    assert_eq!(files.len(), 3);
    assert_eq!(files.iter().map(|entry| entry.size).sum::<u64>(), 14);
}

#[test]
fn ggcr_whiteouts() {
    let Some(path) = upstream("ggcr/whiteout_image.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(analysis.layers[1].whiteouts, ["/foo.txt"]);
    assert_eq!(analysis.layers[2].entries, 0);
    assert_eq!(analysis.waste.bytes, 4);
    assert_eq!(analysis.waste.items.len(), 1);
    let item = &analysis.waste.items[0];
    assert_eq!(
        (item.path.as_str(), item.layer, item.by_layer),
        ("/foo.txt", 1, 2)
    );
    assert_eq!(
        item.reason,
        WasteReason::Deleted {
            whiteout: "/.wh.foo.txt".to_string()
        }
    );

    let Some(path) = upstream("ggcr/whiteout_dir.tar") else {
        return;
    };
    let analysis = analyze(&path, None);
    assert_eq!(
        analysis.reference.as_deref(),
        Some("localhost:5000/whiteout:latest")
    );
    assert_eq!(analysis.layers.len(), 4);
    assert_eq!(analysis.layers[2].whiteouts, ["/a"]);
    assert_eq!(analysis.layers[2].compressed_size, Some(95));
    assert_eq!(analysis.layers[2].uncompressed_size, 1536);
    assert_eq!(analysis.filesystem.entries.len(), 4);
}

#[test]
fn oci_layout_directory_with_nested_indexes() {
    let Some(path) = upstream("ggcr/test_index") else {
        return;
    };
    let error = error_of(&path, None);
    assert!(error.message.contains("2 images"), "{}", error.message);
    let diff_id = |image: &str| {
        analyze(&path, Some(image)).layers[0]
            .diff_id
            .clone()
            .unwrap()
    };
    assert_eq!(diff_id("2"), TEST_IMAGE_2_DIFF_ID);
    assert_eq!(diff_id("#1"), TEST_IMAGE_2_DIFF_ID);
    // `1` names a manifest directly and again inside the index `3`: one image either way.
    assert_eq!(diff_id("1"), TEST_IMAGE_1_DIFF_ID);
    assert_eq!(diff_id("3"), TEST_IMAGE_1_DIFF_ID);
    assert_eq!(diff_id("4"), TEST_IMAGE_1_DIFF_ID);
}

#[test]
fn archives_without_a_usable_manifest_are_refused() {
    let Some(path) = upstream("ggcr/no_manifest.tar") else {
        return;
    };
    let error = error_of(&path, None);
    assert_eq!(error.kind, ErrorKind::InvalidInput);
    assert!(error.message.contains("repositories"), "{}", error.message);
    let Some(path) = upstream("ggcr/null_manifest.tar") else {
        return;
    };
    let error = error_of(&path, None);
    assert_eq!(error.kind, ErrorKind::InvalidInput);
    assert!(error.message.contains("null"), "{}", error.message);
}

#[test]
fn dockle_configs_read_alone() {
    let Some(dir) = upstream("dockle") else {
        return;
    };
    for name in ["root_default", "apk_cache", "multi_add", "nginx"] {
        let path = dir.join(format!("{name}.json"));
        let analysis = analyze(&path, None);
        assert!(analysis.layers.is_empty(), "{name}");
        assert!(!analysis.config.history.is_empty(), "{name}");
        assert_eq!(analysis.dive.efficiency, 1.0, "{name}");
    }
}
