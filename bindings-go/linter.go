package plimsoll

// #include "plimsoll.h"
import "C"

import (
	"runtime"
	"sync"
)

// Linter lints any number of Dockerfiles with fixed options, which it parses and checks
// once. Its methods are safe for concurrent use. Call Close to free the library's handle; a
// finalizer frees it otherwise, at a time the garbage collector chooses.
type Linter struct {
	// mu lets any number of lints share the handle, and makes Close wait for them.
	mu     sync.RWMutex
	handle *C.plimsoll_linter
}

// NewLinter creates a Linter. Unknown rule codes and malformed values are rejected here,
// with an *Error of kind KindInvalidOption. A Target stage is checked by each lint, because
// it depends on the Dockerfile.
func NewLinter(opts Options) (*Linter, error) {
	optionsJSON, err := opts.marshal()
	if err != nil {
		return nil, err
	}
	return NewLinterJSON(optionsJSON)
}

// NewLinterJSON creates a Linter from options given as JSON; empty means the defaults.
func NewLinterJSON(optionsJSON []byte) (*Linter, error) {
	optionsData, optionsLen := cBytes(optionsJSON)
	var errorOut C.plimsoll_bytes

	handle := C.plimsoll_linter_new(optionsData, optionsLen, &errorOut)
	if handle == nil {
		_, err := takeResult(false, errorOut)
		return nil, err
	}
	linter := &Linter{handle: handle}
	runtime.SetFinalizer(linter, (*Linter).Close)
	return linter, nil
}

// Lint lints one Dockerfile and returns the report, in which the file is named "Dockerfile".
func (l *Linter) Lint(src []byte) (Report, error) {
	return decodeReport(l.LintJSON(src))
}

// LintFile reads the Dockerfile at path, lints it and returns the report, in which the file
// is named path. A read failure is an *Error of kind KindIO that wraps the os error.
func (l *Linter) LintFile(path string) (Report, error) {
	src, err := readFile(path)
	if err != nil {
		return Report{}, err
	}
	return decodeReport(l.lintNamed(path, src))
}

// LintJSON lints one Dockerfile and returns the report's JSON exactly as the library writes
// it, with the file named "Dockerfile". On error it returns the library's error JSON together
// with an *Error, as the function LintJSON does.
func (l *Linter) LintJSON(src []byte) ([]byte, error) {
	return l.lintNamed(defaultPath, src)
}

func (l *Linter) lintNamed(path string, src []byte) ([]byte, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.handle == nil {
		return nil, ErrClosed
	}

	pathBytes := []byte(path)
	pathData, pathLen := cBytes(pathBytes)
	srcData, srcLen := cBytes(src)
	var out C.plimsoll_bytes
	status := C.plimsoll_linter_lint_named(l.handle, pathData, pathLen, srcData, srcLen, &out)
	return takeResult(status == C.PLIMSOLL_STATUS_OK, out)
}

// Close frees the library's handle after any running lints finish. Later calls of Close do
// nothing; later lints return ErrClosed.
func (l *Linter) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.handle != nil {
		C.plimsoll_linter_free(l.handle)
		l.handle = nil
		runtime.SetFinalizer(l, nil)
	}
	return nil
}
