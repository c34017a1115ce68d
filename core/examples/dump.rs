fn main() {
    let path = std::env::args().nth(1).unwrap();
    let d = plimsoll::parse(&std::fs::read(path).unwrap());
    for i in plimsoll::syntax::to_buildkit_json(&d).as_array().unwrap() { println!("{i}"); }
    for x in &d.diagnostics { println!("{:?}", x); }
}
