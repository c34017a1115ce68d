//go:build !plimsoll_debug && !plimsoll_system

package plimsoll

// Links the static library of a release build of the repository this module sits in, which
// `cargo build -p plimsoll-c --release` writes. The system libraries are those that
// `rustc --print native-static-libs` lists for x86_64 Linux with glibc.

// #cgo CFLAGS: -I${SRCDIR}/../include
// #cgo LDFLAGS: ${SRCDIR}/../target/release/libplimsoll.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
import "C"
