#!/usr/bin/env bash
# Measures how fast `plimsoll::image::analyze_path` reads a large image and how much memory it
# needs, on synthetic images made under a temporary directory.
#
# For each size (file bytes, default 1 GB and 2 GB) it writes a docker-archive (uncompressed
# layers) and an OCI layout (gzip layers) of the same five layers holding about 100,000 files,
# with overwrites, whiteouts and an opaque whiteout, then runs the release build of
# `core/examples/analyze_image.rs` on each under `/usr/bin/time -v`, and `gzip -dc` over the
# OCI layer blobs for comparison. The number of files stays the same across sizes, so peak RSS
# should stay flat while the bytes grow. Everything is deleted at the end.
#
# Usage: scripts/bench-image.sh [SIZE_MB ...]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
    sizes=(1000 2000)
fi

cargo build --quiet --release -p plimsoll --example analyze_image
binary=target/release/examples/analyze_image

work=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-bench-image.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Prints "<seconds> <peak RSS in KiB>" of a command, its output discarded.
measure() {
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt"
    local elapsed rss
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    # Elapsed is m:ss.ss or h:mm:ss.
    seconds=$(awk -v t="$elapsed" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
    echo "$seconds $rss"
}

printf '| file bytes | form | files | stored MB | uncompressed MB | seconds | MB/s stored | MB/s uncompressed | peak RSS MiB |\n'
printf '|---:|---|---:|---:|---:|---:|---:|---:|---:|\n'

for size in "${sizes[@]}"; do
    python3 - "$work/img" "$size" <<'PY'
import gzip, hashlib, io, json, os, random, sys, tarfile

out, size_mb = sys.argv[1], int(sys.argv[2])
total = size_mb * 1000 * 1000
files = 100_000
rng = random.Random(size_mb)
os.makedirs(out, exist_ok=True)

# File contents are slices of a pool that is half random bytes and half text, so that gzip
# works about as hard as on a real layer.
words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(5000)]
text = bytearray()
while len(text) < 16 << 20:
    text += rng.choice(words) + b" "
pool = rng.randbytes(16 << 20) + bytes(text[: 16 << 20])
mean = total // files

def content():
    n = max(0, int(rng.expovariate(1 / mean))) if mean else 0
    n = min(n, len(pool) // 2)
    at = rng.randrange(0, len(pool) - n) if n < len(pool) else 0
    return pool[at : at + n]

def dirname(i):
    return f"usr/lib/pkg{i // 500:04d}"

def write_layer(path, entries):
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                t.addfile(info)
            else:
                info.size = len(data)
                info.mode = 0o644
                t.addfile(info, io.BytesIO(data))

def layer_files(start, count):
    entries, last = [], None
    for i in range(start, start + count):
        d = dirname(i)
        if d != last:
            entries.append((d + "/", None))
            last = d
        entries.append((f"{d}/file{i:06d}.bin", content()))
    return entries

layers = []
# 1: base, 60% of the files.
layers.append(layer_files(0, 60_000))
# 2: 20% new files, and 5,000 base files rewritten.
entries = layer_files(60_000, 20_000)
entries += [(f"{dirname(i)}/file{i:06d}.bin", content()) for i in range(0, 10_000, 2)]
layers.append(entries)
# 3: whiteouts of 2,000 files and of one whole directory, an opaque directory.
entries = [(f"{dirname(i)}/.wh.file{i:06d}.bin", b"") for i in range(10_000, 14_000, 2)]
entries.append(("usr/lib/.wh.pkg0050", b""))
entries.append(("usr/lib/pkg0051/.wh..wh..opq", b""))
entries += [(f"usr/lib/pkg0051/new{i}.bin", content()) for i in range(100)]
layers.append(entries)
# 4 and 5: the rest.
layers.append(layer_files(80_000, 10_000))
layers.append(layer_files(90_000, 10_000))

paths, diff_ids, blobs = [], [], []
for n, entries in enumerate(layers):
    path = f"{out}/layer{n}.tar"
    write_layer(path, entries)
    paths.append(path)
    with open(path, "rb") as f:
        diff_ids.append("sha256:" + hashlib.file_digest(f, "sha256").hexdigest())
    layers[n] = None

config = json.dumps({
    "architecture": "amd64", "os": "linux", "config": {},
    "rootfs": {"type": "layers", "diff_ids": diff_ids},
    "history": [{"created_by": f"RUN step {n}"} for n in range(len(paths))],
}).encode()
config_digest = hashlib.sha256(config).hexdigest()

# docker-archive
with tarfile.open(f"{out}/docker.tar", "w") as t:
    info = tarfile.TarInfo(f"{config_digest}.json"); info.size = len(config)
    t.addfile(info, io.BytesIO(config))
    names = []
    for n, path in enumerate(paths):
        name = f"{diff_ids[n][7:]}.tar"
        t.add(path, arcname=name)
        names.append(name)
    manifest = json.dumps([{"Config": f"{config_digest}.json", "RepoTags": ["bench:1"], "Layers": names}]).encode()
    info = tarfile.TarInfo("manifest.json"); info.size = len(manifest)
    t.addfile(info, io.BytesIO(manifest))

# OCI layout with gzip layers
blobs_dir = f"{out}/oci/blobs/sha256"
os.makedirs(blobs_dir)
def put(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(f"{blobs_dir}/{digest}", "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}
descriptors = []
for path in paths:
    tmp = f"{blobs_dir}/tmp"
    with open(path, "rb") as src, open(tmp, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    with open(tmp, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    os.rename(tmp, f"{blobs_dir}/{digest}")
    descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest": "sha256:" + digest, "size": os.path.getsize(f"{blobs_dir}/{digest}")})
    os.remove(path)
manifest = put(json.dumps({"schemaVersion": 2, "config": dict(put(config), mediaType="application/vnd.oci.image.config.v1+json"), "layers": descriptors}).encode())
with open(f"{out}/oci/index.json", "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [dict(manifest, mediaType="application/vnd.oci.image.manifest.v1+json")]}, f)
with open(f"{out}/oci/oci-layout", "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
PY

    for form in docker oci; do
        case $form in
            docker) input="$work/img/docker.tar" ;;
            oci) input="$work/img/oci" ;;
        esac
        "$binary" "$input" >"$work/out.txt"
        read -r seconds rss < <(measure "$binary" "$input")
        stored=$(awk '/^layer/ { s = ($4 == "None") ? $6 : $4; gsub(/[^0-9]/, "", s); t += s } END { print t }' "$work/out.txt")
        uncompressed=$(awk '/^layer/ { t += $6 } END { print t }' "$work/out.txt")
        count=$(awk '/^final:/ { print $4 }' "$work/out.txt")
        awk -v size="$size" -v form="$form" -v files="$count" -v s="$stored" -v u="$uncompressed" -v t="$seconds" -v r="$rss" 'BEGIN {
            printf "| %d MB | %s | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.1f |\n", size, form, files, s / 1e6, u / 1e6, t, s / 1e6 / t, u / 1e6 / t, r / 1024
        }'
    done
    read -r seconds rss < <(measure sh -c "for f in \$(ls -S '$work'/img/oci/blobs/sha256/ | head -5); do gzip -dc '$work'/img/oci/blobs/sha256/\$f; done")
    uncompressed=$(awk '/^layer/ { t += $6 } END { print t }' "$work/out.txt")
    awk -v size="$size" -v u="$uncompressed" -v t="$seconds" -v r="$rss" 'BEGIN {
        printf "| %d MB | gzip -dc of the OCI layers | | | %.0f | %.2f | | %.0f | %.1f |\n", size, u / 1e6, t, u / 1e6 / t, r / 1024
    }'
    rm -rf "$work/img"
done
