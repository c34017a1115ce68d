package plimsoll

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// Options must offer every field of the library's options JSON, so that a Go caller needs no
// raw JSON for any of them.
func TestOptionsHaveEverySchemaField(t *testing.T) {
	data, err := os.ReadFile("../schema/options.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	var want []string
	for name := range schema.Properties {
		want = append(want, name)
	}
	sort.Strings(want)

	var got []string
	fields := reflect.TypeOf(Options{})
	for index := 0; index < fields.NumField(); index++ {
		got = append(got, strings.Split(fields.Field(index).Tag.Get("json"), ",")[0])
	}
	sort.Strings(got)

	if !reflect.DeepEqual(got, want) {
		t.Errorf("Options has the JSON fields %v, the schema %v", got, want)
	}
}

func TestOptionsSettingsReachTheLibrary(t *testing.T) {
	src := []byte("FROM debian:latest\n")
	// The configuration text turns DL3007 off and raises the threshold; the fields on top of
	// it set the threshold back to info and turn the pragmas off.
	opts := Options{
		FailureThreshold:    ThresholdInfo,
		TrustedRegistries:   []string{"docker.io"},
		LabelSchema:         map[string]string{"maintainer": "email"},
		StrictLabels:        boolPointer(true),
		DisableIgnorePragma: boolPointer(false),
		Dockerignore:        "*.log\n",
		BaseConfig:          json.RawMessage(`{"config": {"User": "app"}}`),
		HadolintConfig:      "ignored: [DL3007]\nfailure-threshold: error\n",
		PlimsollConfig:      "[[overrides]]\nfiles = [\"ci/*\"]\nignore = [\"DL3006\"]\n",
	}
	raw, err := json.Marshal(map[string]any{
		"failure_threshold":     "info",
		"trusted_registries":    []string{"docker.io"},
		"label_schema":          map[string]string{"maintainer": "email"},
		"strict_labels":         true,
		"disable_ignore_pragma": false,
		"dockerignore":          "*.log\n",
		"base_config":           json.RawMessage(`{"config": {"User": "app"}}`),
		"hadolint_config":       "ignored: [DL3007]\nfailure-threshold: error\n",
		"plimsoll_config":       "[[overrides]]\nfiles = [\"ci/*\"]\nignore = [\"DL3006\"]\n",
	})
	if err != nil {
		t.Fatal(err)
	}

	typed, err := Lint(src, opts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodeReport(LintJSON(src, raw))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(typed, want) {
		t.Errorf("Lint with Options gives\n%+v\nLintJSON gives\n%+v", typed, want)
	}
	for _, code := range codes(t, typed) {
		if code == "DL3007" {
			t.Errorf("HadolintConfig did not turn DL3007 off: %v", codes(t, typed))
		}
	}
}

func TestOptionsRejectMalformedBaseConfig(t *testing.T) {
	_, err := Lint([]byte("FROM a:1\n"), Options{BaseConfig: json.RawMessage(`{"config": `)})

	if kind := errorKind(t, err); kind != KindInvalidOption {
		t.Errorf("kind = %s, want %s", kind, KindInvalidOption)
	}
}

func boolPointer(value bool) *bool {
	return &value
}
