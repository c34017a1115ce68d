package plimsoll

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

const latestBase = "FROM debian:latest\nRUN apt-get install curl\n"

// codes returns the codes of the findings of the report's first file.
func codes(t *testing.T, report Report) []string {
	t.Helper()
	if len(report.Files) != 1 {
		t.Fatalf("the report has %d files, want 1", len(report.Files))
	}
	var found []string
	for _, diagnostic := range report.Files[0].Diagnostics {
		found = append(found, diagnostic.Code)
	}
	return found
}

func contains(values []string, value string) bool {
	for _, v := range values {
		if v == value {
			return true
		}
	}
	return false
}

// errorKind returns the Kind of err, which must be an *Error.
func errorKind(t *testing.T, err error) ErrorKind {
	t.Helper()
	var plimsollErr *Error
	if !errors.As(err, &plimsollErr) {
		t.Fatalf("error = %v, want an *Error", err)
	}
	return plimsollErr.Kind
}

func TestVersionMatchesWorkspace(t *testing.T) {
	manifest, err := os.ReadFile("../Cargo.toml")
	if err != nil {
		t.Fatal(err)
	}
	// The version line of the [workspace.package] table, which every crate inherits.
	match := regexp.MustCompile(`(?ms)^\[workspace\.package\]$.*?^version = "([^"]+)"$`).FindSubmatch(manifest)
	if match == nil {
		t.Fatal("no version in [workspace.package] of ../Cargo.toml")
	}
	workspace := string(match[1])

	if Version != workspace {
		t.Errorf("Version = %q, but the workspace version is %q; update the const in plimsoll.go", Version, workspace)
	}
	if got := LibraryVersion(); got != workspace {
		t.Errorf("LibraryVersion() = %q, want %q; rebuild the library", got, workspace)
	}
	if got := headerVersion(); got != workspace {
		t.Errorf("PLIMSOLL_VERSION = %q, want %q; run `cargo xtask header`", got, workspace)
	}
}

func TestLintReturnsReport(t *testing.T) {
	report, err := Lint([]byte(latestBase), Options{})
	if err != nil {
		t.Fatal(err)
	}

	if report.Version != 2 || report.Tool.Name != "plimsoll" || report.Tool.Version != Version {
		t.Errorf("report header = %d %+v", report.Version, report.Tool)
	}
	file := report.Files[0]
	if file.Path != "Dockerfile" || !file.Failed || file.Metadata.Instructions != 2 {
		t.Errorf("file = %q failed=%v metadata=%+v", file.Path, file.Failed, file.Metadata)
	}
	first := file.Diagnostics[0]
	if first.Code != "DL3007" || first.Severity != SeverityWarning || first.Start != (Position{Line: 1, Column: 6, Offset: 5}) {
		t.Errorf("first diagnostic = %+v", first)
	}
}

func TestLintMatchesLintJSON(t *testing.T) {
	report, err := Lint([]byte(latestBase), Options{})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := LintJSON([]byte(latestBase), nil)
	if err != nil {
		t.Fatal(err)
	}

	var decoded Report
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	reencoded, _ := json.Marshal(report)
	want, _ := json.Marshal(decoded)
	if !bytes.Equal(reencoded, want) {
		t.Errorf("Lint and LintJSON differ:\n%s\n%s", reencoded, want)
	}
}

func TestLintFixIsDecoded(t *testing.T) {
	report, err := Lint([]byte(latestBase), Options{Select: []string{"DL3015"}})
	if err != nil {
		t.Fatal(err)
	}

	diagnostics := report.Files[0].Diagnostics
	if len(diagnostics) != 1 || diagnostics[0].Fix == nil {
		t.Fatalf("diagnostics = %+v, want one DL3015 with a fix", diagnostics)
	}
	fix := diagnostics[0].Fix
	if fix.Applicability != ApplicabilityUnsafe || len(fix.Edits) == 0 {
		t.Errorf("fix = %+v", fix)
	}
}

func TestLintEmptySource(t *testing.T) {
	report, err := Lint(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}

	if report.Files[0].Metadata.Bytes != 0 || report.Files[0].Metadata.TargetStage != nil {
		t.Errorf("metadata = %+v", report.Files[0].Metadata)
	}
}

func TestOptionsAreApplied(t *testing.T) {
	opts := Options{
		Ignore:           []string{"latest-base-image"},
		Severity:         map[string]Severity{"DL3015": SeverityError},
		FailureThreshold: ThresholdError,
	}

	report, err := Lint([]byte(latestBase), opts)
	if err != nil {
		t.Fatal(err)
	}

	found := codes(t, report)
	if contains(found, "DL3007") {
		t.Errorf("ignored DL3007 was reported: %v", found)
	}
	for _, diagnostic := range report.Files[0].Diagnostics {
		if diagnostic.Code == "DL3015" && diagnostic.Severity != SeverityError {
			t.Errorf("DL3015 severity = %s, want error", diagnostic.Severity)
		}
	}
	if !report.Files[0].Failed {
		t.Error("the error-severity DL3015 did not fail the file")
	}
}

func TestBuildArgsAndTarget(t *testing.T) {
	src := []byte("ARG BASE=debian\nFROM ${BASE}:12 AS build\nFROM alpine:3.20 AS app\nUSER 10001\n")
	opts := Options{BuildArgs: map[string]string{"BASE": "ubuntu"}, Target: "build"}

	report, err := Lint(src, opts)
	if err != nil {
		t.Fatal(err)
	}

	metadata := report.Files[0].Metadata
	if metadata.TargetStage == nil || *metadata.TargetStage != 0 || metadata.Stages[0].Base != "ubuntu:12" {
		t.Errorf("metadata = %+v", metadata)
	}
}

func TestLintFileNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Dockerfile.prod")
	if err := os.WriteFile(path, []byte(latestBase), 0o600); err != nil {
		t.Fatal(err)
	}

	report, err := LintFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}

	if report.Files[0].Path != path {
		t.Errorf("path = %q, want %q", report.Files[0].Path, path)
	}
}

func TestLintFileMissingIsIOError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing")
	_, err := LintFile(path, Options{})

	if kind := errorKind(t, err); kind != KindIO {
		t.Errorf("kind = %s, want %s", kind, KindIO)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
	// The message is the one that the CLI, Python and Node.js give.
	var perr *Error
	if errors.As(err, &perr) {
		want := "failed to read `" + path + "`: No such file or directory (os error 2)"
		if perr.Message != want {
			t.Errorf("message = %q, want %q", perr.Message, want)
		}
	}
}

// A Dockerfile that is not UTF-8 is linted as the CLI lints it, with a PL0005 finding.
func TestInvalidUTF8SourceIsFinding(t *testing.T) {
	report, err := Lint([]byte("FROM alpine:3.20\nLABEL a=\xff\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}

	found := false
	for _, d := range report.Files[0].Diagnostics {
		found = found || d.Code == "PL0005"
	}
	if !found {
		t.Errorf("no PL0005 finding in %+v", report.Files[0].Diagnostics)
	}
}

func TestInvalidUTF8OptionsAreInvalidInput(t *testing.T) {
	_, err := LintJSON([]byte("FROM alpine:3.20\n"), []byte("{\"target\": \"\xff\"}"))

	if kind := errorKind(t, err); kind != KindInvalidInput {
		t.Errorf("kind = %s, want %s", kind, KindInvalidInput)
	}
	if !strings.Contains(err.Error(), "invalid byte at offset 12") {
		t.Errorf("message %q does not give the offset", err)
	}
}

func TestUnknownRuleIsInvalidOption(t *testing.T) {
	_, err := Lint([]byte(latestBase), Options{Ignore: []string{"DL9999"}})

	if kind := errorKind(t, err); kind != KindInvalidOption {
		t.Errorf("kind = %s, want %s", kind, KindInvalidOption)
	}
}

func TestLintJSONReturnsErrorJSON(t *testing.T) {
	output, err := LintJSON([]byte(latestBase), []byte(`{"ignroe": []}`))

	if kind := errorKind(t, err); kind != KindInvalidOption {
		t.Errorf("kind = %s, want %s", kind, KindInvalidOption)
	}
	if !bytes.HasPrefix(output, []byte(`{"error":{"kind":"invalid_option","message":"invalid options JSON: unknown field`)) {
		t.Errorf("output = %s", output)
	}
}

func TestParse(t *testing.T) {
	result, err := Parse([]byte("FROM alpine:3.20\nFOO bar\nRUN <<EOF\necho hi\nEOF\n"))
	if err != nil {
		t.Fatal(err)
	}

	if len(result.Instructions) != 3 || result.Instructions[0].Cmd != "FROM" {
		t.Fatalf("instructions = %+v", result.Instructions)
	}
	heredocs := result.Instructions[2].Heredocs
	if len(heredocs) != 1 || heredocs[0].Name != "EOF" || heredocs[0].Content != "echo hi\n" {
		t.Errorf("heredocs = %+v", heredocs)
	}
	if len(result.Diagnostics) == 0 || result.Diagnostics[0].Code != "PL0002" {
		t.Errorf("diagnostics = %+v, want PL0002 for the unknown instruction", result.Diagnostics)
	}
}

func TestRules(t *testing.T) {
	rules, err := Rules()
	if err != nil {
		t.Fatal(err)
	}

	for _, rule := range rules {
		if rule.Code == "DL3007" {
			if rule.Name != "latest-base-image" || rule.Documentation == "" {
				t.Errorf("DL3007 = %+v", rule)
			}
			return
		}
	}
	t.Errorf("DL3007 is not among the %d rules", len(rules))
}

func TestNewLinterRejectsUnknownRule(t *testing.T) {
	linter, err := NewLinter(Options{Select: []string{"DL9999"}})

	if linter != nil {
		t.Error("NewLinter returned a linter for an unknown rule")
	}
	if kind := errorKind(t, err); kind != KindInvalidOption {
		t.Errorf("kind = %s, want %s", kind, KindInvalidOption)
	}
}

func TestLinterMatchesLint(t *testing.T) {
	opts := Options{Ignore: []string{"DL3014"}}
	linter, err := NewLinter(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer linter.Close()

	got, err := linter.Lint([]byte(latestBase))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Lint([]byte(latestBase), opts)
	if err != nil {
		t.Fatal(err)
	}

	if strings.Join(codes(t, got), ",") != strings.Join(codes(t, want), ",") {
		t.Errorf("linter found %v, Lint found %v", codes(t, got), codes(t, want))
	}
}

func TestLinterLintFileNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(path, []byte(latestBase), 0o600); err != nil {
		t.Fatal(err)
	}
	linter, err := NewLinter(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer linter.Close()

	report, err := linter.LintFile(path)
	if err != nil {
		t.Fatal(err)
	}

	if report.Files[0].Path != path {
		t.Errorf("path = %q, want %q", report.Files[0].Path, path)
	}
}

func TestLinterIsSafeForConcurrentUse(t *testing.T) {
	linter, err := NewLinter(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer linter.Close()
	want, err := LintJSON([]byte(latestBase), nil)
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	for worker := 0; worker < 8; worker++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 10; round++ {
				got, err := linter.LintJSON([]byte(latestBase))
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("concurrent lint = %s, %v", got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestLinterAfterClose(t *testing.T) {
	linter, err := NewLinter(Options{})
	if err != nil {
		t.Fatal(err)
	}

	if err := linter.Close(); err != nil {
		t.Fatal(err)
	}
	if err := linter.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if _, err := linter.Lint([]byte(latestBase)); !errors.Is(err, ErrClosed) {
		t.Errorf("Lint after Close = %v, want ErrClosed", err)
	}
}
