//go:build plimsoll_debug && !plimsoll_system

package plimsoll

// With the build tag plimsoll_debug, links the static library of a debug build instead, which
// `cargo build -p plimsoll-c` writes.

// #cgo CFLAGS: -I${SRCDIR}/../include
// #cgo LDFLAGS: ${SRCDIR}/../target/debug/libplimsoll.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
import "C"
