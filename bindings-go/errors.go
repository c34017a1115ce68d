package plimsoll

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrorKind classifies an Error. The values are the library's error kinds, which are stable
// across releases and the same in every language binding.
type ErrorKind string

const (
	// KindInvalidInput means the input cannot be used, such as options that are not valid
	// UTF-8 or an image config that is not JSON.
	KindInvalidInput ErrorKind = "invalid_input"
	// KindInvalidOption means an option is not valid: malformed options JSON, an unknown
	// rule code, or a target stage that the Dockerfile does not have.
	KindInvalidOption ErrorKind = "invalid_option"
	// KindIO means reading a file failed.
	KindIO ErrorKind = "io"
	// KindInternal means a bug in plimsoll, such as a panic caught in the library.
	KindInternal ErrorKind = "internal"
)

// Error is an error reported by plimsoll. Use errors.As to get it from a returned error.
type Error struct {
	Kind    ErrorKind
	Message string
	// err is the cause, for KindIO errors that come from the os package.
	err error
}

// ErrClosed is returned by the methods of a Linter after Close.
var ErrClosed = errors.New("plimsoll: the linter is closed")

func (e *Error) Error() string {
	return "plimsoll: " + e.Message
}

// Unwrap returns the cause of a KindIO error, so that errors.Is(err, fs.ErrNotExist) works.
func (e *Error) Unwrap() error {
	return e.err
}

// errorFromJSON decodes the library's {"error":{"kind","message"}} JSON.
func errorFromJSON(data []byte) error {
	var envelope struct {
		Error *struct {
			Kind    ErrorKind `json:"kind"`
			Message string    `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(data, &envelope); err != nil || envelope.Error == nil {
		return &Error{
			Kind:    KindInternal,
			Message: fmt.Sprintf("the library returned malformed error JSON: %q", data),
		}
	}
	return &Error{Kind: envelope.Error.Kind, Message: envelope.Error.Message}
}

// malformedOutput reports JSON from the library that does not decode into the Go types,
// which means that this module and the library do not match.
func malformedOutput(outputName string, err error) error {
	return &Error{
		Kind: KindInternal,
		Message: fmt.Sprintf("cannot decode the %s that the library returned (is the library "+
			"version %s, as this module expects?): %v", outputName, Version, err),
	}
}
