fn main() {
    println!("upphandla");
}
