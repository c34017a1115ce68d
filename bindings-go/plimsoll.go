// Package plimsoll lints Dockerfiles with the plimsoll library, which it calls through the C
// ABI declared in include/plimsoll.h.
//
// Every function returns what the Rust library computes: the report, the parse result and
// the rule list are decoded from the library's JSON, and LintJSON returns that JSON
// unchanged. Findings are data in the report. An error means that the input or the options
// could not be used, and is an *Error with a stable Kind.
//
// Building needs the Rust library first: run `cargo build -p plimsoll-c --release` at the
// root of the repository (see link_release.go for the other ways to link it).
package plimsoll

// #include "plimsoll.h"
//
// static const char *plimsoll_header_version(void) { return PLIMSOLL_VERSION; }
import "C"

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"unsafe"
)

// Version is the version of this module, which is also the version of the Rust library it is
// released with.
const Version = "0.1.0"

// defaultPath is the file name that Lint, LintJSON and Linter.Lint put in the report.
const defaultPath = "Dockerfile"

// LibraryVersion returns the version of the linked Rust library, which equals Version when
// the module and the library come from the same release.
func LibraryVersion() string {
	return C.GoString(C.plimsoll_version())
}

// headerVersion returns PLIMSOLL_VERSION from the header the package was compiled with.
func headerVersion() string {
	return C.GoString(C.plimsoll_header_version())
}

// Lint lints one Dockerfile and returns the report, in which the file is named "Dockerfile".
func Lint(src []byte, opts Options) (Report, error) {
	optionsJSON, err := opts.marshal()
	if err != nil {
		return Report{}, err
	}
	return decodeReport(LintJSON(src, optionsJSON))
}

// LintFile reads the Dockerfile at path, lints it and returns the report, in which the file
// is named path. A read failure is an *Error of kind KindIO that wraps the os error.
func LintFile(path string, opts Options) (Report, error) {
	src, err := readFile(path)
	if err != nil {
		return Report{}, err
	}
	optionsJSON, err := opts.marshal()
	if err != nil {
		return Report{}, err
	}
	return decodeReport(lintNamed(path, src, optionsJSON))
}

// LintJSON lints one Dockerfile with options given as JSON (empty means the defaults) and
// returns the report's JSON exactly as the library writes it, with the file named
// "Dockerfile".
//
// On error it returns the library's {"error":{"kind","message"}} JSON together with an
// *Error, so that a caller can pass either on.
func LintJSON(src, optionsJSON []byte) ([]byte, error) {
	return lintNamed(defaultPath, src, optionsJSON)
}

func lintNamed(path string, src, optionsJSON []byte) ([]byte, error) {
	pathBytes := []byte(path)
	pathData, pathLen := cBytes(pathBytes)
	srcData, srcLen := cBytes(src)
	optionsData, optionsLen := cBytes(optionsJSON)
	var out C.plimsoll_bytes

	status := C.plimsoll_lint_named(pathData, pathLen, srcData, srcLen, optionsData, optionsLen, &out)
	return takeResult(status == C.PLIMSOLL_STATUS_OK, out)
}

// Parse parses a Dockerfile and returns its instructions, as BuildKit's parser records them,
// and its syntax diagnostics.
func Parse(src []byte) (ParseResult, error) {
	srcData, srcLen := cBytes(src)
	var out C.plimsoll_bytes

	status := C.plimsoll_parse(srcData, srcLen, &out)
	data, err := takeResult(status == C.PLIMSOLL_STATUS_OK, out)
	if err != nil {
		return ParseResult{}, err
	}
	var result ParseResult
	if err := json.Unmarshal(data, &result); err != nil {
		return ParseResult{}, malformedOutput("parse result", err)
	}
	return result, nil
}

// Rules returns every rule with its documentation.
func Rules() ([]Rule, error) {
	var out C.plimsoll_bytes

	status := C.plimsoll_rules(&out)
	data, err := takeResult(status == C.PLIMSOLL_STATUS_OK, out)
	if err != nil {
		return nil, err
	}
	var rules []Rule
	if err := json.Unmarshal(data, &rules); err != nil {
		return nil, malformedOutput("rule list", err)
	}
	return rules, nil
}

// cBytes returns the address and length of b for a (pointer, length) argument. An empty
// slice becomes NULL with length 0, which the library reads as empty. The C side only reads
// the bytes during the call, as cgo's pointer rules require.
func cBytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// takeResult copies the buffer that the library wrote into Go memory and frees it. Unless
// the call returned PLIMSOLL_STATUS_OK, it also decodes the buffer into an *Error and returns
// the error JSON with it.
func takeResult(ok bool, out C.plimsoll_bytes) ([]byte, error) {
	defer C.plimsoll_bytes_free(out)

	if out.data == nil {
		return nil, &Error{Kind: KindInternal, Message: "the library returned no output buffer"}
	}
	data := make([]byte, int(out.len))
	copy(data, unsafe.Slice((*byte)(unsafe.Pointer(out.data)), int(out.len)))
	if ok {
		return data, nil
	}
	return data, errorFromJSON(data)
}

func decodeReport(data []byte, err error) (Report, error) {
	if err != nil {
		return Report{}, err
	}
	var report Report
	if err := json.Unmarshal(data, &report); err != nil {
		return Report{}, malformedOutput("report", err)
	}
	return report, nil
}

func readFile(path string) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Kind: KindIO, Message: readErrorMessage(path, err), err: err}
	}
	return src, nil
}

// readErrorMessage returns the message that the CLI and the other bindings give for a failed
// read, such as "failed to read `Dockerfile`: No such file or directory (os error 2)". Rust
// writes an OS error as the C library's text and number. Go's text for an errno is the same
// text in lower case on Linux, so its first letter is raised.
func readErrorMessage(path string, err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return fmt.Sprintf("failed to read `%s`: %v", path, err)
	}
	text := errno.Error()
	if text != "" {
		text = strings.ToUpper(text[:1]) + text[1:]
	}
	return fmt.Sprintf("failed to read `%s`: %s (os error %d)", path, text, int(errno))
}
