use std::fmt;

/// One of the API routes the fake gateway serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Route {
    /// CLOVA NSML `GET /nsml/v1/projects` (signature v2 and the API key).
    Projects,
    /// Media Intelligence `GET /api/v1/workspaces` (signature v2 only).
    Workspaces,
}

impl Route {
    /// Every route, in a stable order.
    pub const ALL: [Route; 2] = [Route::Projects, Route::Workspaces];

    /// The request path, as matched on the wire.
    pub const fn path(self) -> &'static str {
        match self {
            Route::Projects => "/nsml/v1/projects",
            Route::Workspaces => "/api/v1/workspaces",
        }
    }

    /// Position in [`Route::ALL`], for per-route arrays.
    pub(crate) const fn index(self) -> usize {
        match self {
            Route::Projects => 0,
            Route::Workspaces => 1,
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GET {}", self.path())
    }
}
