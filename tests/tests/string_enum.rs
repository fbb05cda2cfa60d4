//! `ncloud_core::string_enum!` in a crate that has no `serde` dependency of its own (this one has
//! `serde_json` only): the macro reaches serde through ncloud-core.

ncloud_core::string_enum! {
    /// A state of something.
    pub enum State {
        /// Up.
        Up = "UP",
        /// Down.
        Down = "DOWN",
    }
}

#[test]
fn a_string_enum_round_trips_without_serde_among_the_dependencies() {
    let up: State = serde_json::from_str(r#""UP""#).unwrap();
    assert_eq!(up, State::Up);
    let odd: State = serde_json::from_str(r#""SIDEWAYS""#).unwrap();
    assert_eq!(odd, State::Unknown("SIDEWAYS".into()));
    assert_eq!(serde_json::to_string(&odd).unwrap(), r#""SIDEWAYS""#);
    assert_eq!(serde_json::to_string(&State::Down).unwrap(), r#""DOWN""#);
    // not a string: an error, not a panic
    assert!(serde_json::from_str::<State>("1").is_err());
}
