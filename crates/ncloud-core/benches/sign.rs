//! One signature through `signing::sign` against a raw `Hmac<Sha256>` keyed from the secret key +
//! base64 of the same bytes, in the same run. `sign` reuses the key schedule cached in
//! `Credentials` and builds the string to sign and the headers; the ratio says what that nets.

use std::hint::black_box;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use ncloud_core::Credentials;
use ncloud_core::signing::{SignableRequest, SigningParams, Timestamp, sign, string_to_sign};
use sha2::Sha256;

const ACCESS_KEY: &str = "9LMfo4KujmY6FqDVfIc7";
const SECRET_KEY: &str = "Cudq65RPwuTbk6JAyOzrADakCMIEeAhAUBAhcnzv";
const URI: &str = "/nsml/v1/projects?page=1&pageSize=10";

fn bench(c: &mut Criterion) {
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY);
    let timestamp = Timestamp::from_millis(1_848_229_456_865);
    let request = SignableRequest::new("GET", URI);
    let sts = string_to_sign(&request, timestamp, ACCESS_KEY);

    let mut group = c.benchmark_group("signature_v2");
    group.bench_function("raw_hmac_sha256_base64", |b| {
        b.iter(|| {
            let mut mac = Hmac::<Sha256>::new_from_slice(black_box(SECRET_KEY).as_bytes()).unwrap();
            mac.update(black_box(&sts).as_bytes());
            STANDARD.encode(mac.finalize().into_bytes())
        })
    });
    group.bench_function("ncloud_core_sign", |b| {
        b.iter(|| {
            sign(
                black_box(&request),
                &SigningParams::new(black_box(&credentials), timestamp),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
