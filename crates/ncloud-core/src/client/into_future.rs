//! [`operation_future!`](crate::operation_future): `.await` on an operation builder sends it.

/// Implements [`IntoFuture`](std::future::IntoFuture) for an operation builder whose
/// `async fn send(self) -> Result<T, Error>` sends it, so that awaiting the builder sends it: the
/// service crates' rule that every builder ending in `.send()` can also be awaited directly (a
/// forgotten `.send()` is then not an error, and the compiler never suggests removing `.await`).
///
/// Plumbing for the service crates, not part of the API.
///
/// Each service crate's tests await a builder directly (`client.create_workspace(..).await`).
#[doc(hidden)]
#[macro_export]
macro_rules! operation_future {
    ($builder:ty => $output:ty) => {
        impl ::std::future::IntoFuture for $builder {
            type Output = ::std::result::Result<$output, $crate::Error>;
            type IntoFuture = ::std::pin::Pin<
                ::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + Send>,
            >;

            /// Sends the request, as [`send`](Self::send) does.
            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    };
}
