fn main() {
    println!("plimsoll {}", plimsoll::VERSION);
}
