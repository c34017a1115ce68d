#!/usr/bin/env python3
"""Compares plimsoll's DL findings with hadolint's on the shared corpus of real Dockerfiles.

Every corpus file is linted with the plimsoll CLI. Each finding is moved to the first line of
the instruction that contains it, because hadolint reports only that line, and then
(file, line, code) triples are compared with hadolint 2.15.1's recorded findings.

Disagreements that are understood are listed in tab-separated files (see --differences):

    file_id  line  code  side  class  reason

`side` is `extra` (plimsoll only) or `missing` (hadolint only). `class` is `hadolint-bug`,
`deliberate` or `plimsoll-bug`. A `line` of `*` matches every line of that file and code.
Classified `hadolint-bug` and `deliberate` rows are set aside when precision and recall are
computed; `plimsoll-bug` rows still count against plimsoll.

Files that hadolint cannot parse (it reports DL1000 and nothing else) are left out, and
counted separately.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET_ASIDE = {"hadolint-bug", "deliberate"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plimsoll", default=str(ROOT / "target/debug/plimsoll"),
                        help="the plimsoll binary (default: target/debug/plimsoll)")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"),
                        help="the corpus directory (default: ../shared/corpus)")
    parser.add_argument("--codes", default="",
                        help="comma-separated DL codes to compare (default: every DL code)")
    parser.add_argument("--differences", action="append", default=[],
                        help="a .tsv file or a directory of them; repeatable "
                             "(default: scripts/hadolint-differences)")
    parser.add_argument("--show", type=int, default=10,
                        help="unclassified disagreements to print per code and side")
    parser.add_argument("--markdown", help="write the table as Markdown to this file")
    parser.add_argument("--unclassified", help="write every unclassified disagreement to this "
                                               "file as `file_id line code side` rows")
    parser.add_argument("--batch", type=int, default=400, help="files per plimsoll run")
    return parser.parse_args()


def shared_ids(corpus):
    ids = []
    with open(corpus / "split.tsv", encoding="utf-8") as split:
        for row in split:
            fields = row.rstrip("\n").split("\t")
            if len(fields) == 2 and fields[1] == "shared":
                ids.append(fields[0])
    return [i for i in ids if (corpus / "files" / f"{i}.Dockerfile").exists()]


def instruction_ranges(corpus, file_id):
    """Returns (start_line, end_line) of each instruction as BuildKit's parser reads it."""
    path = corpus / "golden-parse" / f"{file_id}.json"
    try:
        parsed = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(parsed, list):
        return []
    return [(item["start_line"], item["end_line"]) for item in parsed]


def first_line(ranges, line):
    for start, end in ranges:
        if start <= line <= end:
            return start
    return line


def plimsoll_findings(binary, corpus, ids, batch):
    findings = collections.defaultdict(set)
    by_path = {str(corpus / "files" / f"{i}.Dockerfile"): i for i in ids}
    paths = list(by_path)
    for at in range(0, len(paths), batch):
        chunk = paths[at:at + batch]
        run = subprocess.run(
            [binary, "lint", "--format", "json", "--failure-threshold", "none", *chunk],
            capture_output=True, text=True, check=False)
        if run.returncode not in (0, 1):
            sys.exit(f"plimsoll failed with status {run.returncode}: {run.stderr[:2000]}")
        for report in json.loads(run.stdout)["files"]:
            file_id = by_path[report["path"]]
            ranges = instruction_ranges(corpus, file_id)
            for diagnostic in report["diagnostics"]:
                if diagnostic["code"].startswith("DL"):
                    line = first_line(ranges, diagnostic["start"]["line"])
                    findings[file_id].add((line, diagnostic["code"]))
    return findings


def hadolint_findings(corpus, ids):
    findings = collections.defaultdict(set)
    unparsed = set()
    for file_id in ids:
        path = corpus / "hadolint" / f"{file_id}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            unparsed.add(file_id)
            continue
        if any(item["code"] == "DL1000" for item in data):
            unparsed.add(file_id)
            continue
        for item in data:
            if item["code"].startswith("DL"):
                findings[file_id].add((item["line"], item["code"]))
    return findings, unparsed


def load_differences(sources):
    rows = {}
    for source in sources:
        source = Path(source)
        files = sorted(source.glob("*.tsv")) if source.is_dir() else [source]
        for path in files:
            with open(path, encoding="utf-8") as table:
                for number, row in enumerate(table, 1):
                    if not row.strip() or row.startswith("#"):
                        continue
                    fields = row.rstrip("\n").split("\t")
                    if len(fields) != 6:
                        sys.exit(f"{path}:{number}: expected 6 tab-separated fields")
                    file_id, line, code, side, klass, reason = fields
                    if side not in ("extra", "missing"):
                        sys.exit(f"{path}:{number}: side must be extra or missing")
                    if klass not in ("hadolint-bug", "deliberate", "plimsoll-bug"):
                        sys.exit(f"{path}:{number}: unknown class `{klass}`")
                    rows[(file_id, line, code, side)] = (klass, reason)
    return rows


def classify(rows, used, file_id, line, code, side):
    for key in ((file_id, str(line), code, side), (file_id, "*", code, side)):
        if key in rows:
            used.add(key)
            return rows[key]
    return None


def main():
    args = parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus}")
    selected_codes = {code.strip() for code in args.codes.split(",") if code.strip()}
    sources = args.differences or [ROOT / "scripts/hadolint-differences"]
    rows = load_differences([s for s in sources if os.path.exists(s)])

    ids = shared_ids(corpus)
    theirs, unparsed = hadolint_findings(corpus, ids)
    compared = [i for i in ids if i not in unparsed]
    ours = plimsoll_findings(args.plimsoll, corpus, compared, args.batch)

    stats = collections.defaultdict(collections.Counter)
    reasons = collections.Counter()
    used = set()
    unclassified = collections.defaultdict(list)
    for file_id in compared:
        mine, hadolint = ours.get(file_id, set()), theirs.get(file_id, set())
        sides = (("agree", mine & hadolint), ("extra", mine - hadolint), ("missing", hadolint - mine))
        for side, items in sides:
            for line, code in items:
                if selected_codes and code not in selected_codes:
                    continue
                if side == "agree":
                    stats[code]["agree"] += 1
                    continue
                found = classify(rows, used, file_id, line, code, side)
                klass = found[0] if found else None
                stats[code][f"{side}:{klass or 'unclassified'}"] += 1
                if found:
                    reasons[(code, side, klass, found[1])] += 1
                if not found:
                    unclassified[(code, side)].append((file_id, line))

    table = render(stats)
    print(f"files compared: {len(compared)}; left out because hadolint cannot parse them: "
          f"{len(unparsed)}\n")
    print(table)
    for (code, side), items in sorted(unclassified.items()):
        print(f"\n{code} {side}, unclassified ({len(items)}):")
        for file_id, line in sorted(items)[:args.show]:
            print(f"  {file_id}\t{line}\t{code}\t{side}")
    if args.unclassified:
        with open(args.unclassified, "w", encoding="utf-8") as out:
            for (code, side), items in sorted(unclassified.items()):
                for file_id, line in sorted(items):
                    out.write(f"{file_id}\t{line}\t{code}\t{side}\n")
    if args.markdown:
        silent = sorted(set(dl_rule_codes(args.plimsoll)) - set(stats))
        document = render_document(table, reasons, unclassified, len(compared), len(unparsed))
        document += ("\n## Rules with no finding on either side\n\n"
                     "No corpus file triggers these rules in plimsoll or in hadolint with default "
                     "settings (several need options, such as the label schema):\n"
                     f"{', '.join(silent) or 'none'}.\n")
        Path(args.markdown).write_text(document, encoding="utf-8")
    # A classified row that matches no disagreement is stale: the code changed since.
    stale = sorted(key for key in rows if key not in used
                   and (not selected_codes or key[2] in selected_codes))
    for file_id, line, code, side in stale:
        print(f"stale classification (no such disagreement): {file_id}\t{line}\t{code}\t{side}")
    below = [code for code, s in stats.items() if min(rates(s)) < 0.99]
    return 1 if below or stale else 0


def dl_rule_codes(binary):
    """Returns the DL codes of plimsoll's rules."""
    run = subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True,
                         check=True)
    return [rule["code"] for rule in json.loads(run.stdout) if rule["code"].startswith("DL")]


def render_document(table, reasons, unclassified, compared, unparsed):
    side_names = {"extra": "plimsoll only", "missing": "hadolint only"}
    lines = [
        "# Agreement with hadolint",
        "",
        "Generated by `python3 scripts/hadolint-agreement.py --markdown docs/hadolint-agreement.md`"
        " from the shared corpus of real Dockerfiles and hadolint 2.15.1's recorded findings.",
        "Findings are compared as (file, first line of the instruction, code) triples, because "
        "hadolint reports only the first line.",
        f"{compared} files are compared; {unparsed} files that hadolint cannot parse are left out.",
        "",
        "Disagreements that are understood are listed one by one in "
        "`scripts/hadolint-differences/*.tsv`. Those classed as `deliberate` or `hadolint-bug` are "
        "set aside in the precision and recall columns; `plimsoll-bug` rows still count.",
        "",
        table,
        "",
        "## Classified disagreements",
        "",
        "| Code | Side | Class | Count | Reason |",
        "|---|---|---|---:|---|",
    ]
    for (code, side, klass, reason), count in sorted(reasons.items()):
        lines.append(f"| {code} | {side_names[side]} | {klass} | {count} | {reason} |")
    lines += ["", "## Unclassified disagreements", ""]
    if not unclassified:
        lines.append("None.")
    for (code, side), items in sorted(unclassified.items()):
        places = ", ".join(f"{file_id}:{line}" for file_id, line in sorted(items))
        lines.append(f"- {code}, {side_names[side]} ({len(items)}): {places}")
    return "\n".join(lines) + "\n"


def rates(counter):
    agree = counter["agree"]
    extra = sum(n for k, n in counter.items() if k.startswith("extra:")
                and k.split(":")[1] not in SET_ASIDE)
    missing = sum(n for k, n in counter.items() if k.startswith("missing:")
                  and k.split(":")[1] not in SET_ASIDE)
    precision = agree / (agree + extra) if agree + extra else 1.0
    recall = agree / (agree + missing) if agree + missing else 1.0
    return precision, recall


def render(stats):
    lines = ["| Code | Agree | plimsoll only | hadolint only | Set aside (plimsoll only / hadolint only)"
             " | Precision | Recall |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for code in sorted(stats):
        counter = stats[code]
        extra = sum(n for k, n in counter.items() if k.startswith("extra:"))
        missing = sum(n for k, n in counter.items() if k.startswith("missing:"))
        aside_extra = sum(counter[f"extra:{k}"] for k in SET_ASIDE)
        aside_missing = sum(counter[f"missing:{k}"] for k in SET_ASIDE)
        precision, recall = rates(counter)
        lines.append(f"| {code} | {counter['agree']} | {extra} | {missing} | "
                     f"{aside_extra} / {aside_missing} | {precision:.1%} | {recall:.1%} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
