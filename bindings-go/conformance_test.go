package plimsoll

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// casesDir contains the cross-language conformance cases. Every binding must produce the bytes
// of each case's expected.json.
const casesDir = "../tests/conformance/cases"

type conformanceCase struct {
	source []byte
	// imageConfig is the image.json of an image case, which has no Dockerfile.
	imageConfig []byte
	options     []byte
	expected    []byte
}

func readCase(t *testing.T, dir string) conformanceCase {
	t.Helper()
	var imageConfig []byte
	source, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if errors.Is(err, os.ErrNotExist) {
		imageConfig, err = os.ReadFile(filepath.Join(dir, "image.json"))
	}
	if err != nil {
		t.Fatal(err)
	}
	options, err := os.ReadFile(filepath.Join(dir, "options.json"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	expected, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	return conformanceCase{source, imageConfig, options, bytes.TrimRight(expected, "\n")}
}

func TestConformance(t *testing.T) {
	entries, err := os.ReadDir(casesDir)
	if err != nil {
		t.Fatalf("cannot list the conformance cases: %v", err)
	}
	count := 0
	for _, entry := range entries {
		if !entry.IsDir() {
			continue
		}
		count++
		dir := filepath.Join(casesDir, entry.Name())
		t.Run(entry.Name(), func(t *testing.T) {
			c := readCase(t, dir)
			if c.imageConfig != nil {
				t.Run("LintImageConfigJSON", func(t *testing.T) { checkImageConfig(t, c) })
				return
			}
			t.Run("LintJSON", func(t *testing.T) { checkOneShot(t, c) })
			t.Run("Linter", func(t *testing.T) { checkLinter(t, c) })
		})
	}
	if count == 0 {
		t.Fatalf("no conformance cases in %s", casesDir)
	}
}

func checkOneShot(t *testing.T, c conformanceCase) {
	output, err := LintJSON(c.source, c.options)

	if !bytes.Equal(output, c.expected) {
		t.Errorf("output differs from expected.json\noutput:\n%s\nexpected:\n%s", output, c.expected)
	}
	checkErrorAgrees(t, err, c.expected)
}

// checkLinter lints with a handle. Creation rejects invalid options, except a missing target
// stage, which only a lint can find; either way the error must be the expected one.
func checkLinter(t *testing.T, c conformanceCase) {
	linter, err := NewLinterJSON(c.options)
	if err != nil {
		checkErrorAgrees(t, err, c.expected)
		if !isErrorJSON(c.expected) {
			t.Fatalf("NewLinterJSON: %v", err)
		}
		return
	}
	defer linter.Close()

	output, err := linter.LintJSON(c.source)

	if !bytes.Equal(output, c.expected) {
		t.Errorf("output differs from expected.json\noutput:\n%s\nexpected:\n%s", output, c.expected)
	}
	checkErrorAgrees(t, err, c.expected)
}

// checkImageConfig lints an image case's config, named "image.json", as JSON and as a typed
// report, whose findings must be those of expected.json.
func checkImageConfig(t *testing.T, c conformanceCase) {
	output, err := LintImageConfigJSON("image.json", c.imageConfig, c.options)

	if !bytes.Equal(output, c.expected) {
		t.Errorf("output differs from expected.json\noutput:\n%s\nexpected:\n%s", output, c.expected)
	}
	checkErrorAgrees(t, err, c.expected)
	if isErrorJSON(c.expected) {
		return
	}

	var opts ImageOptions
	if err := json.Unmarshal(c.options, &opts); err != nil {
		t.Fatalf("options.json does not decode into ImageOptions: %v", err)
	}
	report, err := LintImageConfig("", c.imageConfig, opts)
	if err != nil {
		t.Fatalf("LintImageConfig: %v", err)
	}
	var want Report
	if err := json.Unmarshal(c.expected, &want); err != nil {
		t.Fatalf("expected.json does not decode into Report: %v", err)
	}
	if !reflect.DeepEqual(report, want) {
		t.Errorf("typed report = %+v\nwant %+v", report, want)
	}
}

func isErrorJSON(data []byte) bool {
	return bytes.HasPrefix(data, []byte(`{"error":`))
}

// checkErrorAgrees checks that err is nil for a report and is the expected *Error otherwise.
func checkErrorAgrees(t *testing.T, err error, expected []byte) {
	t.Helper()
	if !isErrorJSON(expected) {
		if err != nil {
			t.Errorf("unexpected error: %v", err)
		}
		return
	}

	var want struct {
		Error struct {
			Kind    ErrorKind `json:"kind"`
			Message string    `json:"message"`
		} `json:"error"`
	}
	if jsonErr := json.Unmarshal(expected, &want); jsonErr != nil {
		t.Fatalf("expected.json is not error JSON: %v", jsonErr)
	}
	var got *Error
	if !errors.As(err, &got) {
		t.Fatalf("error = %v, want an *Error", err)
	}
	if got.Kind != want.Error.Kind || got.Message != want.Error.Message {
		t.Errorf("error = {%s %q}, want {%s %q}", got.Kind, got.Message, want.Error.Kind, want.Error.Message)
	}
}
