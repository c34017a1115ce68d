//go:build plimsoll_system

package plimsoll

// With the build tag plimsoll_system, takes the header and the shared library from an
// installation that pkg-config finds, such as one made by `cargo xtask install`.

// #cgo pkg-config: plimsoll
import "C"
