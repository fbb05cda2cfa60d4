//! The CLOVA NSML operations the fake serves, for counting what a client sent.

use std::fmt;

/// One CLOVA NSML operation of the fake gateway; see [`FakeGateway::nsml_calls`](crate::FakeGateway::nsml_calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum NsmlOperation {
    /// `GET /projects`.
    ListProjects,
    /// `GET /projects/{projectId}`.
    GetProject,
    /// `POST /projects`.
    CreateProject,
    /// `DELETE /projects/{projectId}`.
    DeleteProject,
    /// `GET /projects/runs`.
    ListRuns,
    /// `GET /projects/{projectId}/runs/{runName}`.
    GetRun,
    /// `POST /projects/{projectId}/runs`.
    CreateRun,
    /// `POST /auth-keys`.
    CreateAuthKey,
    /// `GET /auth-keys`.
    ListAuthKeys,
    /// `DELETE /auth-keys/title/{title}/name/{keyName}`.
    DeleteAuthKey,
    /// `POST /images/secret`.
    CreateRegistryCredential,
    /// `GET /images/secret`.
    GetRegistryCredentials,
    /// `DELETE /images/secret?privateEp=...`.
    DeleteRegistryCredential,
    /// `GET /images/base`.
    ListBaseImages,
    /// `GET /server-products`.
    ListServerProducts,
    /// `GET /blk-storages`.
    ListBlockStorages,
}

impl NsmlOperation {
    /// Every operation, in a stable order.
    pub const ALL: [NsmlOperation; 16] = [
        Self::ListProjects,
        Self::GetProject,
        Self::CreateProject,
        Self::DeleteProject,
        Self::ListRuns,
        Self::GetRun,
        Self::CreateRun,
        Self::CreateAuthKey,
        Self::ListAuthKeys,
        Self::DeleteAuthKey,
        Self::CreateRegistryCredential,
        Self::GetRegistryCredentials,
        Self::DeleteRegistryCredential,
        Self::ListBaseImages,
        Self::ListServerProducts,
        Self::ListBlockStorages,
    ];

    /// The method and path template under `/nsml/v1`, as the reference writes it.
    pub const fn template(self) -> &'static str {
        match self {
            Self::ListProjects => "GET /projects",
            Self::GetProject => "GET /projects/{projectId}",
            Self::CreateProject => "POST /projects",
            Self::DeleteProject => "DELETE /projects/{projectId}",
            Self::ListRuns => "GET /projects/runs",
            Self::GetRun => "GET /projects/{projectId}/runs/{runName}",
            Self::CreateRun => "POST /projects/{projectId}/runs",
            Self::CreateAuthKey => "POST /auth-keys",
            Self::ListAuthKeys => "GET /auth-keys",
            Self::DeleteAuthKey => "DELETE /auth-keys/title/{title}/name/{keyName}",
            Self::CreateRegistryCredential => "POST /images/secret",
            Self::GetRegistryCredentials => "GET /images/secret",
            Self::DeleteRegistryCredential => "DELETE /images/secret",
            Self::ListBaseImages => "GET /images/base",
            Self::ListServerProducts => "GET /server-products",
            Self::ListBlockStorages => "GET /blk-storages",
        }
    }
}

impl fmt::Display for NsmlOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.template())
    }
}
