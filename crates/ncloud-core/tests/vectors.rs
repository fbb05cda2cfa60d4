//! Signature v2 against the shared vectors, computed by an independent implementation (Python's hmac
//! and openssl). Each stage is asserted on its own so a failure says which stage is wrong.

use ncloud_core::Credentials;
use ncloud_core::signing::{
    ACCESS_KEY_HEADER, API_KEY_HEADER, SIGNATURE_HEADER, SignableRequest, SigningParams,
    TIMESTAMP_HEADER, Timestamp, calculate_signature, sign, string_to_sign,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    access_key: String,
    secret_key: String,
    method: String,
    uri: String,
    timestamp: String,
    string_to_sign: String,
    signature: String,
}

fn vectors() -> Vec<Vector> {
    let json = include_str!("data/signature-v2.json");
    let vectors: Vectors = serde_json::from_str(json).expect("vector file parses");
    assert!(vectors.vectors.len() >= 6, "the vector file lost cases");
    vectors.vectors
}

#[test]
fn every_vector_string_to_sign() {
    for v in vectors() {
        let ts = Timestamp::from_millis(v.timestamp.parse().unwrap());
        let sts = string_to_sign(&SignableRequest::new(&v.method, &v.uri), ts, &v.access_key);
        assert_eq!(
            sts, v.string_to_sign,
            "string-to-sign of vector {:?}",
            v.name
        );
    }
}

#[test]
fn every_vector_signature_from_its_string_to_sign() {
    for v in vectors() {
        assert_eq!(
            calculate_signature(&v.secret_key, &v.string_to_sign),
            v.signature,
            "HMAC stage of vector {:?}",
            v.name
        );
    }
}

#[test]
fn every_vector_end_to_end_headers() {
    for v in vectors() {
        let credentials =
            Credentials::new(&v.access_key, &v.secret_key).with_api_key("gateway-key");
        let ts = Timestamp::from_millis(v.timestamp.parse().unwrap());
        let out = sign(
            &SignableRequest::new(&v.method, &v.uri),
            &SigningParams::new(&credentials, ts),
        );
        assert_eq!(
            out.string_to_sign(),
            v.string_to_sign,
            "vector {:?}",
            v.name
        );
        assert_eq!(out.signature(), v.signature, "vector {:?}", v.name);
        assert_eq!(out.header(SIGNATURE_HEADER), Some(v.signature.as_str()));
        assert_eq!(out.header(TIMESTAMP_HEADER), Some(v.timestamp.as_str()));
        assert_eq!(out.header(ACCESS_KEY_HEADER), Some(v.access_key.as_str()));
        assert_eq!(out.header(API_KEY_HEADER), Some("gateway-key"));
    }
}

/// The same vectors through the `http` adapter: the URI as an `http::Request` holds it (absolute
/// form here, as hyper clients are given it) is what gets signed.
#[cfg(feature = "http")]
#[test]
fn every_vector_through_an_http_request() {
    use ncloud_core::signing::sign_request;

    for v in vectors() {
        let credentials = Credentials::new(&v.access_key, &v.secret_key);
        let ts = Timestamp::from_millis(v.timestamp.parse().unwrap());
        let mut request = http::Request::builder()
            .method(v.method.as_str())
            .uri(format!("https://gateway.example{}", v.uri))
            .body(Vec::<u8>::new())
            .unwrap();
        let out = sign_request(&mut request, &SigningParams::new(&credentials, ts)).unwrap();
        assert_eq!(
            out.string_to_sign(),
            v.string_to_sign,
            "vector {:?}",
            v.name
        );
        let headers = request.headers();
        assert_eq!(
            headers[SIGNATURE_HEADER],
            v.signature.as_str(),
            "vector {:?}",
            v.name
        );
        assert_eq!(headers[TIMESTAMP_HEADER], v.timestamp.as_str());
        assert_eq!(headers[ACCESS_KEY_HEADER], v.access_key.as_str());
    }
}
