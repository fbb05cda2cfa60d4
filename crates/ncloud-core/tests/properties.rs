//! Properties of the signer over arbitrary input: it never panics and always yields a well-formed
//! signature.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ncloud_core::Credentials;
use ncloud_core::signing::{SignableRequest, SigningParams, Timestamp, sign};
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_input_gives_a_44_char_signature_of_32_bytes(
        method in ".*",
        uri in ".*",
        access_key in ".*",
        secret_key in ".*",
        api_key in proptest::option::of(".*"),
        millis in any::<u64>(),
    ) {
        let mut credentials = Credentials::new(access_key.clone(), secret_key.clone());
        if let Some(api_key) = &api_key {
            credentials = credentials.with_api_key(api_key.clone());
        }
        let out = sign(
            &SignableRequest::new(&method, &uri),
            &SigningParams::new(&credentials, Timestamp::from_millis(millis)),
        );
        let signature = out.signature();
        prop_assert_eq!(signature.len(), 44);
        prop_assert_eq!(STANDARD.decode(signature).unwrap().len(), 32);
        prop_assert_eq!(out.headers().count(), 3 + usize::from(api_key.is_some()));
        let tail = format!("\n{millis}\n{access_key}");
        prop_assert!(out.string_to_sign().ends_with(&tail));
    }

    #[test]
    fn debug_never_shows_the_secret_parts(
        secret_key in "[A-Za-z0-9]{20,40}",
        api_key in "[A-Za-z0-9]{20,40}",
    ) {
        let credentials = Credentials::new("AKID", secret_key.clone()).with_api_key(api_key.clone());
        let out = sign(
            &SignableRequest::new("GET", "/x"),
            &SigningParams::new(&credentials, Timestamp::from_millis(1)),
        );
        for debug in [format!("{credentials:?}"), format!("{out:?}"), format!("{out:#?}")] {
            prop_assert!(!debug.contains(&secret_key));
            prop_assert!(!debug.contains(&api_key));
            prop_assert!(!debug.contains(out.signature()));
        }
    }
}
