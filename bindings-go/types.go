package plimsoll

import (
	"encoding/json"
	"fmt"
)

// Severity is the severity of a finding, from most to least severe: error, warning, info,
// style.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
	SeverityStyle   Severity = "style"
)

// Threshold is the lowest severity that makes a file fail, or ThresholdNone.
type Threshold string

const (
	ThresholdError   Threshold = "error"
	ThresholdWarning Threshold = "warning"
	// ThresholdInfo is the default, as in hadolint.
	ThresholdInfo  Threshold = "info"
	ThresholdStyle Threshold = "style"
	// ThresholdNone means no finding makes a file fail.
	ThresholdNone Threshold = "none"
)

// Options are the lint options. The zero value means the defaults. Rule codes may be given
// as codes (DL3007), names (latest-base-image) or aliases.
type Options struct {
	// BuildArgs are values for ARGs, as docker build --build-arg gives them.
	BuildArgs map[string]string `json:"build_args,omitempty"`
	// Target is the stage to build; empty means the last stage.
	Target string `json:"target,omitempty"`
	// Ignore lists rules to turn off.
	Ignore []string `json:"ignore,omitempty"`
	// Select, if not empty, lists the only rules that run.
	Select []string `json:"select,omitempty"`
	// Severity replaces rules' default severities, keyed by rule code.
	Severity map[string]Severity `json:"severity,omitempty"`
	// FailureThreshold is the lowest severity that sets FileReport.Failed; empty leaves it to
	// a configuration text, and else means ThresholdInfo.
	FailureThreshold Threshold `json:"failure_threshold,omitempty"`
	// TrustedRegistries are the registries that base images may come from, as hadolint's
	// trustedRegistries.
	TrustedRegistries []string `json:"trusted_registries,omitempty"`
	// LabelSchema maps the labels every stage must set to the type of their values: text,
	// url, semver, hash, rfc3339, spdx or email.
	LabelSchema map[string]string `json:"label_schema,omitempty"`
	// StrictLabels, if true, also reports labels that LabelSchema does not list; nil leaves it
	// to a configuration text.
	StrictLabels *bool `json:"strict_labels,omitempty"`
	// DisableIgnorePragma, if true, makes in-file ignore pragmas and check=skip have no
	// effect; nil leaves it to a configuration text.
	DisableIgnorePragma *bool `json:"disable_ignore_pragma,omitempty"`
	// Dockerignore is the text of the build context's .dockerignore.
	Dockerignore string `json:"dockerignore,omitempty"`
	// BaseConfig is the configuration of the image the first stage builds on, as JSON: an
	// image config blob or docker inspect output.
	BaseConfig json.RawMessage `json:"base_config,omitempty"`
	// HadolintConfig is the text of a .hadolint.yaml, and PlimsollConfig the text of a
	// plimsoll.toml. Both apply below the other fields, and the overrides of PlimsollConfig
	// match the path that LintFile is given.
	HadolintConfig string `json:"hadolint_config,omitempty"`
	PlimsollConfig string `json:"plimsoll_config,omitempty"`
}

// marshal returns the options as the JSON that the library reads.
func (o Options) marshal() ([]byte, error) {
	data, err := json.Marshal(o)
	if err != nil {
		return nil, &Error{Kind: KindInvalidOption, Message: fmt.Sprintf("cannot encode the options: %v", err)}
	}
	return data, nil
}

// Report is the JSON report of a lint run, schema version 1 (docs/report-format.md in the
// repository describes every field).
type Report struct {
	// Version is the schema version of the report, not the tool's version.
	Version int          `json:"version"`
	Tool    Tool         `json:"tool"`
	Files   []FileReport `json:"files"`
	// Images lists the linted images; it is empty in the reports of Dockerfiles.
	Images []ImageReport `json:"images,omitempty"`
}

// Tool names the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// FileReport is the findings of one file.
type FileReport struct {
	Path string `json:"path"`
	// Failed is true if a finding is at or above the failure threshold.
	Failed      bool         `json:"failed"`
	Metadata    FileMetadata `json:"metadata"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// FileMetadata describes what plimsoll read from a file.
type FileMetadata struct {
	// Bytes is the size of the input in bytes.
	Bytes int `json:"bytes"`
	// Lines counts line feeds, plus one if the last line has none.
	Lines        int     `json:"lines"`
	Instructions int     `json:"instructions"`
	Stages       []Stage `json:"stages"`
	// TargetStage is the index of the stage that is built, or nil without stages.
	TargetStage *int `json:"target_stage"`
}

// Stage is one build stage.
type Stage struct {
	Index int `json:"index"`
	// Name is the lower-cased stage name, or nil for a stage without AS name.
	Name *string `json:"name"`
	// Base is the base image after build-argument expansion, or the stage it builds on.
	Base string `json:"base"`
	// Line is the line of the stage's FROM.
	Line int `json:"line"`
	// Reachable is true if building the target stage builds this stage.
	Reachable bool `json:"reachable"`
}

// Diagnostic is one finding: a rule's finding or a syntax problem.
type Diagnostic struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Start    Position `json:"start"`
	// End is the exclusive end of the finding's range.
	End Position `json:"end"`
	// Fix is nil when the finding has no fix.
	Fix *Fix `json:"fix"`
}

// Applicability is the degree to which a fix may be applied without review.
type Applicability string

const (
	// ApplicabilitySafe fixes keep the build's meaning.
	ApplicabilitySafe Applicability = "safe"
	// ApplicabilityUnsafe fixes change what the build does, so a person should review them.
	ApplicabilityUnsafe Applicability = "unsafe"
	// ApplicabilityDisplayOnly fixes are suggestions, not to be applied.
	ApplicabilityDisplayOnly Applicability = "display-only"
)

// Fix is a set of edits that resolves a finding; apply all of them or none.
type Fix struct {
	Message       string        `json:"message"`
	Applicability Applicability `json:"applicability"`
	Edits         []Edit        `json:"edits"`
}

// Edit replaces the range [Start, End) of the source with Replacement.
type Edit struct {
	Start       Position `json:"start"`
	End         Position `json:"end"`
	Replacement string   `json:"replacement"`
}

// Position is a place in the source text.
type Position struct {
	// Line is 1-based.
	Line int `json:"line"`
	// Column is 1-based and counted in Unicode scalar values (runes).
	Column int `json:"column"`
	// Offset is the UTF-8 byte offset from the start of the text.
	Offset int `json:"offset"`
}

// ParseResult is the output of Parse: the instructions and syntax diagnostics of a Dockerfile.
type ParseResult struct {
	Version      int           `json:"version"`
	Instructions []Instruction `json:"instructions"`
	// Diagnostics are the syntax errors and warnings, positioned as in a Report.
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Instruction is one Dockerfile instruction as BuildKit's parser records it.
type Instruction struct {
	// Cmd is the instruction keyword in upper case, such as RUN.
	Cmd string `json:"cmd"`
	// SubCmd is the instruction that an ONBUILD wraps, or nil.
	SubCmd *string `json:"sub_cmd"`
	// JSON is true for the exec (JSON array) form.
	JSON bool `json:"json"`
	// Original is the logical line, followed for heredocs by each body and its delimiter.
	Original    string    `json:"original"`
	StartLine   int       `json:"start_line"`
	EndLine     int       `json:"end_line"`
	Flags       []string  `json:"flags"`
	Value       []string  `json:"value"`
	Heredocs    []Heredoc `json:"heredocs"`
	StartOffset int       `json:"start_offset"`
	EndOffset   int       `json:"end_offset"`
}

// Heredoc is one here-document of an instruction.
type Heredoc struct {
	Name           string `json:"name"`
	FileDescriptor int    `json:"file_descriptor"`
	Content        string `json:"content"`
}

// Rule describes one lint rule.
type Rule struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	// Severity is the default severity of the rule's findings.
	Severity Severity `json:"severity"`
	// Fixable is true if the rule can attach a fix.
	Fixable bool `json:"fixable"`
	// Documentation is the rule's documentation in Markdown.
	Documentation string `json:"documentation"`
}
