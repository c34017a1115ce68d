// Sets the linker arguments that a Node-API addon needs on each platform (on macOS, for
// example, leaving the `napi_*` symbols for Node.js to resolve when it loads the file).
fn main() {
    napi_build::setup();
}
