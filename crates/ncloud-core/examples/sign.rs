//! Signs one request with signature v2 and prints the headers to add (the signature is printed
//! here on purpose, as a demonstration with published example keys).

use ncloud_core::Credentials;
use ncloud_core::signing::{SignableRequest, SigningParams, Timestamp, sign};
use ncloud_core::time::{SystemTimeSource, TimeSource};

fn main() {
    let credentials = Credentials::new(
        "9LMfo4KujmY6FqDVfIc7",
        "Cudq65RPwuTbk6JAyOzrADakCMIEeAhAUBAhcnzv",
    );
    let request = SignableRequest::new("GET", "/nsml/v1/projects?page=1&pageSize=10");
    let timestamp = Timestamp::from_system_time(SystemTimeSource.now());
    let output = sign(&request, &SigningParams::new(&credentials, timestamp));
    println!("string to sign:\n{}\n", output.string_to_sign());
    for header in output.headers() {
        println!("{}: {}", header.name(), header.value());
    }
}
