package plimsoll

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const rootConfig = `{"config": {"User": "root", "Env": ["API_TOKEN=abc"]}}`

// imageCodes returns the codes of the findings of the report's only image.
func imageCodes(t *testing.T, report Report) []string {
	t.Helper()
	if len(report.Images) != 1 || len(report.Files) != 0 {
		t.Fatalf("the report has %d images and %d files, want 1 and 0", len(report.Images), len(report.Files))
	}
	var found []string
	for _, finding := range report.Images[0].Findings {
		found = append(found, finding.Code)
	}
	return found
}

func TestLintImageConfigReturnsReport(t *testing.T) {
	report, err := LintImageConfig("app.json", []byte(rootConfig), ImageOptions{FailureThreshold: ThresholdWarning})
	if err != nil {
		t.Fatal(err)
	}

	image := report.Images[0]
	found := imageCodes(t, report)
	if !contains(found, "PL3001") || !contains(found, "PL3003") {
		t.Errorf("codes = %v, want PL3001 and PL3003", found)
	}
	if image.Path != "app.json" {
		t.Errorf("path = %q, want app.json", image.Path)
	}
	if !image.Failed || !image.Metadata.ConfigOnly || image.Metadata.Dive != nil {
		t.Errorf("failed = %v, config only = %v, dive = %v", image.Failed, image.Metadata.ConfigOnly, image.Metadata.Dive)
	}
	for _, finding := range image.Findings {
		if finding.Code == "PL3001" && (finding.Location.Kind != LocationConfig || finding.Location.Key != "User") {
			t.Errorf("PL3001 location = %+v, want config User", finding.Location)
		}
	}
}

func TestLintImageConfigDefaultName(t *testing.T) {
	report, err := LintImageConfig("", []byte(rootConfig), ImageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.Images[0].Path != "image.json" {
		t.Errorf("path = %q, want image.json", report.Images[0].Path)
	}
}

func TestLintImageOptionsAreApplied(t *testing.T) {
	opts := ImageOptions{Ignore: []string{"CIS-DI-0010"}, Severity: map[string]Severity{"PL3001": SeverityStyle}}

	report, err := LintImageConfig("", []byte(rootConfig), opts)
	if err != nil {
		t.Fatal(err)
	}

	if found := imageCodes(t, report); contains(found, "PL3003") {
		t.Errorf("codes = %v, want PL3003 ignored by its dockle code", found)
	}
	for _, finding := range report.Images[0].Findings {
		if finding.Code == "PL3001" && finding.Severity != SeverityStyle {
			t.Errorf("PL3001 severity = %s, want style", finding.Severity)
		}
	}
}

func TestLintImageReadsConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte(rootConfig), 0o600); err != nil {
		t.Fatal(err)
	}

	fromFile, err := LintImageJSON(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	fromBytes, err := LintImageConfigJSON(path, []byte(rootConfig), nil)
	if err != nil {
		t.Fatal(err)
	}

	if !bytes.Equal(fromFile, fromBytes) {
		t.Errorf("LintImageJSON and LintImageConfigJSON differ:\n%s\n%s", fromFile, fromBytes)
	}
	report, err := LintImage(path, ImageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.Images[0].Path != path {
		t.Errorf("path = %q, want %q", report.Images[0].Path, path)
	}
}

func TestLintImageMissingIsIOError(t *testing.T) {
	_, err := LintImage(filepath.Join(t.TempDir(), "missing.tar"), ImageOptions{})

	if kind := errorKind(t, err); kind != KindIO {
		t.Errorf("kind = %s, want %s", kind, KindIO)
	}
	if !strings.HasPrefix(err.Error(), "plimsoll: failed to read `") {
		t.Errorf("message = %q, want the library's read failure", err.Error())
	}
}

func TestLintImageConfigErrors(t *testing.T) {
	tests := []struct {
		config  string
		options []byte
		kind    ErrorKind
	}{
		{`{"config": `, nil, KindInvalidInput},
		{`[{"Id": "a"}, {"Id": "b"}]`, nil, KindInvalidInput},
		{`{}`, []byte(`{"max_size": "lots"}`), KindInvalidOption},
		{`{}`, []byte(`{"maxSize": 1}`), KindInvalidOption},
	}
	for _, test := range tests {
		output, err := LintImageConfigJSON("", []byte(test.config), test.options)

		if kind := errorKind(t, err); kind != test.kind {
			t.Errorf("%s with %s: kind = %s, want %s", test.config, test.options, kind, test.kind)
		}
		if !isErrorJSON(output) {
			t.Errorf("%s: output = %s, want error JSON", test.config, output)
		}
	}
}

func TestImageLocationKeepsZeroIndex(t *testing.T) {
	cases := map[string]ImageLocation{
		`{"kind":"history","index":0}`:                {Kind: LocationHistory, Index: 0},
		`{"kind":"config","key":"User","entry":null}`: {Kind: LocationConfig, Key: "User"},
		`{"kind":"file","path":"/etc/shadow","layer":1}`: {
			Kind: LocationFile, Path: "/etc/shadow", Layer: 1,
		},
		`{"kind":"image"}`: {Kind: LocationImage},
	}
	for want, location := range cases {
		got, err := json.Marshal(location)
		if err != nil {
			t.Fatalf("marshal %+v: %v", location, err)
		}
		if string(got) != want {
			t.Errorf("marshal %+v = %s, want %s", location, got, want)
		}
		var back ImageLocation
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("unmarshal %s: %v", got, err)
		}
		if back.Kind != location.Kind || back.Index != location.Index || back.Path != location.Path {
			t.Errorf("round trip of %s gave %+v", got, back)
		}
	}
}
