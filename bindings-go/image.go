package plimsoll

// #include "plimsoll.h"
import "C"

// imageConfigName is the name that LintImageConfig and LintImageConfigJSON give the image in
// the report when the caller passes an empty name.
const imageConfigName = "image.json"

// LintImage reads and lints the image at path and returns the report, whose Images list names
// the image path. The path is a docker save archive, an OCI image layout (a directory or a tar
// file), or a file that holds an image config blob or docker inspect output.
//
// A read failure is an *Error of kind KindIO, an input that is not an image one of kind
// KindInvalidInput, and options that cannot be used one of kind KindInvalidOption.
func LintImage(path string, opts ImageOptions) (Report, error) {
	optionsJSON, err := opts.marshal()
	if err != nil {
		return Report{}, err
	}
	return decodeReport(LintImageJSON(path, optionsJSON))
}

// LintImageJSON reads and lints the image at path with image options given as JSON (empty
// means the defaults) and returns the report's JSON exactly as the library writes it. On
// error it returns the library's error JSON together with an *Error, as LintJSON does.
func LintImageJSON(path string, optionsJSON []byte) ([]byte, error) {
	pathBytes := []byte(path)
	pathData, pathLen := cBytes(pathBytes)
	optionsData, optionsLen := cBytes(optionsJSON)
	var out C.plimsoll_bytes

	status := C.plimsoll_lint_image(pathData, pathLen, optionsData, optionsLen, &out)
	return takeResult(status == C.PLIMSOLL_STATUS_OK, out)
}

// LintImageConfig lints an image config blob or docker inspect output given as bytes, without
// reading any file, and returns the report. The report names the image name, or "image.json"
// when name is empty. A config that is not valid JSON or not an image config is an *Error of
// kind KindInvalidInput.
func LintImageConfig(name string, config []byte, opts ImageOptions) (Report, error) {
	optionsJSON, err := opts.marshal()
	if err != nil {
		return Report{}, err
	}
	return decodeReport(LintImageConfigJSON(name, config, optionsJSON))
}

// LintImageConfigJSON lints an image config given as bytes with image options given as JSON
// and returns the report's JSON exactly as the library writes it. The name is as for
// LintImageConfig, and errors are returned as by LintImageJSON.
func LintImageConfigJSON(name string, config, optionsJSON []byte) ([]byte, error) {
	if name == "" {
		name = imageConfigName
	}
	nameBytes := []byte(name)
	nameData, nameLen := cBytes(nameBytes)
	configData, configLen := cBytes(config)
	optionsData, optionsLen := cBytes(optionsJSON)
	var out C.plimsoll_bytes

	status := C.plimsoll_lint_image_config(nameData, nameLen, configData, configLen,
		optionsData, optionsLen, &out)
	return takeResult(status == C.PLIMSOLL_STATUS_OK, out)
}
