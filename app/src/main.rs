fn main() {
    portal_app::start();
}
