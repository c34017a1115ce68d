package plimsoll

import (
	"encoding/json"
	"fmt"
)

// ImageOptions are the image lint options. The zero value means the defaults. Sizes and
// fractions are text, as the plimsoll image command takes them. A size is a number of bytes
// or a number with a unit ("100MB", "1GiB"). A fraction goes from 0 to 1 ("0.9"). The text
// "disabled" turns a dive threshold off.
type ImageOptions struct {
	// Image picks one image of an archive that contains several: a tag, or "#N" (0-based).
	Image string `json:"image,omitempty"`
	// Platform picks one platform of a multi-platform index: "os/arch[/variant]".
	Platform string `json:"platform,omitempty"`
	// MaxSize is the largest uncompressed size that passes.
	MaxSize string `json:"max_size,omitempty"`
	// LowestEfficiency is dive's lowestEfficiency, a fraction.
	LowestEfficiency string `json:"lowest_efficiency,omitempty"`
	// HighestWastedBytes is dive's highestWastedBytes, a size.
	HighestWastedBytes string `json:"highest_wasted_bytes,omitempty"`
	// HighestUserWastedPercent is dive's highestUserWastedPercent, a fraction.
	HighestUserWastedPercent string `json:"highest_user_wasted_percent,omitempty"`
	// Ignore lists rules to turn off, by code, name or dockle code.
	Ignore []string `json:"ignore,omitempty"`
	// Select, if not empty, lists the only rules that run.
	Select []string `json:"select,omitempty"`
	// Severity replaces rules' default severities, keyed by rule code.
	Severity map[string]Severity `json:"severity,omitempty"`
	// FailureThreshold is the lowest severity that sets ImageReport.Failed; empty means
	// ThresholdInfo.
	FailureThreshold Threshold `json:"failure_threshold,omitempty"`
}

// marshal returns the options as the JSON that the library reads.
func (o ImageOptions) marshal() ([]byte, error) {
	data, err := json.Marshal(o)
	if err != nil {
		return nil, &Error{Kind: KindInvalidOption, Message: fmt.Sprintf("cannot encode the image options: %v", err)}
	}
	return data, nil
}

// ImageReport is the findings and facts of one image.
type ImageReport struct {
	// Path is the archive, layout or config file as the caller named it.
	Path string `json:"path"`
	// Failed is true if a finding is at or above the failure threshold.
	Failed   bool          `json:"failed"`
	Metadata ImageMetadata `json:"metadata"`
	// Findings are ordered by location, then code.
	Findings []ImageFinding `json:"findings"`
}

// ImageMetadata describes an image. Sizes are nil when only the configuration was read.
type ImageMetadata struct {
	// Reference is the normalised reference the image was selected or tagged by.
	Reference *string `json:"reference"`
	// ConfigDigest is the sha256: digest of the config blob, which is the image ID.
	ConfigDigest *string `json:"config_digest"`
	OS           *string `json:"os"`
	Architecture *string `json:"architecture"`
	// ConfigOnly is true if only the configuration was read.
	ConfigOnly       bool    `json:"config_only"`
	CompressedSize   *uint64 `json:"compressed_size"`
	UncompressedSize *uint64 `json:"uncompressed_size"`
	// Layers are listed lowest first.
	Layers []Layer `json:"layers"`
	// WastedBytes counts the bytes of files that later layers overwrite, delete or hide; the
	// copy that stays visible is not counted.
	WastedBytes *uint64 `json:"wasted_bytes"`
	WastedFiles *uint64 `json:"wasted_files"`
	// LargestWasted lists the largest hidden copies, at most 10, largest first.
	LargestWasted []WastedPath `json:"largest_wasted"`
	// Dive holds dive's figures, or nil when only the configuration was read.
	Dive *Dive `json:"dive"`
}

// Layer is one layer of an image.
type Layer struct {
	// Index is 1-based, lowest first.
	Index int `json:"index"`
	// HistoryIndex is the 0-based index of the history entry that made the layer.
	HistoryIndex     *int    `json:"history_index"`
	CreatedBy        *string `json:"created_by"`
	CompressedSize   *uint64 `json:"compressed_size"`
	UncompressedSize *uint64 `json:"uncompressed_size"`
	// Files counts the regular files in the layer.
	Files *uint64 `json:"files"`
	// WastedBytes counts this layer's bytes that later layers hide.
	WastedBytes *uint64 `json:"wasted_bytes"`
}

// WastedPath is one hidden copy of a file.
type WastedPath struct {
	Path string `json:"path"`
	// Layer is the 1-based layer that holds the hidden copy.
	Layer int    `json:"layer"`
	Size  uint64 `json:"size"`
	// Reason is "overwritten", "deleted" (by a whiteout) or "hidden" (by an opaque whiteout).
	Reason string `json:"reason"`
	// ByLayer is the 1-based layer that hides it.
	ByLayer int `json:"by_layer"`
}

// Dive holds dive's figures, computed with dive's formulas.
type Dive struct {
	// Efficiency is a score from 0 to 1.
	Efficiency  float64 `json:"efficiency"`
	WastedBytes uint64  `json:"wasted_bytes"`
	// UserWastedPercent is a fraction, or nil for an image of one layer.
	UserWastedPercent *float64 `json:"user_wasted_percent"`
	ImageSize         uint64   `json:"image_size"`
	UserSize          uint64   `json:"user_size"`
}

// ImageFinding is one finding of an image rule.
type ImageFinding struct {
	Code     string        `json:"code"`
	Name     string        `json:"name"`
	Severity Severity      `json:"severity"`
	Message  string        `json:"message"`
	Location ImageLocation `json:"location"`
}

// LocationKind is the kind of place in an image that a finding is about.
type LocationKind string

const (
	// LocationImage is the image as a whole, such as its size or its reference.
	LocationImage LocationKind = "image"
	// LocationConfig is a key of the container configuration, with Key and Entry set.
	LocationConfig LocationKind = "config"
	// LocationHistory is an entry of the history, with Index set.
	LocationHistory LocationKind = "history"
	// LocationLayer is a layer, with Index set.
	LocationLayer LocationKind = "layer"
	// LocationFile is a path in the final filesystem, with Path and Layer set.
	LocationFile LocationKind = "file"
)

// ImageLocation is the place in an image that a finding is about. Which fields are set
// depends on Kind.
type ImageLocation struct {
	Kind LocationKind `json:"kind"`
	// Key is the configuration key, such as User, Env or Labels.
	Key string `json:"key,omitempty"`
	// Entry is the entry of Key concerned, such as the name of an environment variable.
	Entry *string `json:"entry,omitempty"`
	// Index is the 0-based history index, or the 1-based layer index.
	Index int `json:"index,omitempty"`
	// Path is the file's path in the final filesystem.
	Path string `json:"path,omitempty"`
	// Layer is the 1-based layer that the file comes from.
	Layer int `json:"layer,omitempty"`
}

// MarshalJSON writes the fields that Kind uses, as the core does, so that a history index of
// 0 and a configuration key without an entry survive re-encoding.
func (l ImageLocation) MarshalJSON() ([]byte, error) {
	switch l.Kind {
	case LocationConfig:
		return json.Marshal(struct {
			Kind  LocationKind `json:"kind"`
			Key   string       `json:"key"`
			Entry *string      `json:"entry"`
		}{l.Kind, l.Key, l.Entry})
	case LocationHistory, LocationLayer:
		return json.Marshal(struct {
			Kind  LocationKind `json:"kind"`
			Index int          `json:"index"`
		}{l.Kind, l.Index})
	case LocationFile:
		return json.Marshal(struct {
			Kind  LocationKind `json:"kind"`
			Path  string       `json:"path"`
			Layer int          `json:"layer"`
		}{l.Kind, l.Path, l.Layer})
	default:
		return json.Marshal(struct {
			Kind LocationKind `json:"kind"`
		}{l.Kind})
	}
}
