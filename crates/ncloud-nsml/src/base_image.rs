//! Base container images: [`BaseImage`], as `GET /images/base` lists them.

use ncloud_core::Error;
use ncloud_core::client::Operation;
use serde::{Deserialize, Serialize};

use crate::Client;
use crate::unpaged::unpaged_list;

/// A base container image a run can use with [`ImageType::Base`](crate::ImageType::Base).
///
/// ```
/// use ncloud_nsml::BaseImage;
///
/// let image: BaseImage = serde_json::from_str(
///     r#"{"name": "nvcr.io/nvidia/pytorch:21.02-py3", "path": "nvcr.io/nvidia/pytorch:21.02-py3"}"#,
/// )?;
/// assert_eq!(image.path.as_deref(), Some("nvcr.io/nvidia/pytorch:21.02-py3"));
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BaseImage {
    /// The image name (`name`).
    #[serde(default)]
    pub name: Option<String>,
    /// The image path to give a run (`path`).
    #[serde(default)]
    pub path: Option<String>,
}

impl BaseImage {
    /// An image at `path`, named after it (for tests and fakes).
    pub fn new(path: impl Into<String>) -> Self {
        let path = path.into();
        Self {
            name: Some(path.clone()),
            path: Some(path),
        }
    }
}

unpaged_list!(BaseImageList of BaseImage, "imageList", "base images");

impl Client {
    /// `GET /images/base`: the base images a run can use (the list is not paged).
    ///
    /// The custom-image page of the reference documents no path of its own (it repeats this
    /// one), so custom images are not listed here; `ncloud api` reaches any path.
    pub async fn list_base_images(&self) -> Result<Vec<BaseImage>, Error> {
        self.send_list(Operation::<BaseImageList>::get(
            "ListBaseImages",
            ["images", "base"],
        ))
        .await
    }
}
