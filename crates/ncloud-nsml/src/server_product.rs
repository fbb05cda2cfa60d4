//! GPU server products (the reference's GPU server codes): [`ServerProduct`] and its
//! [`ServerUseType`], as `GET /server-products` lists them.

use ncloud_core::Error;
use ncloud_core::client::Operation;
use serde::{Deserialize, Serialize};

use crate::Client;
use crate::unpaged::unpaged_list;

ncloud_core::string_enum! {
    /// What a GPU server product is for (`useType`). It decides whether a run needs a `command`:
    /// a training server runs one, a notebook server must not be given one.
    ///
    /// ```
    /// use ncloud_nsml::ServerUseType;
    ///
    /// assert_eq!(ServerUseType::from("TRAIN"), ServerUseType::Train);
    /// assert_eq!(ServerUseType::Dev.as_str(), "DEV");
    /// ```
    pub enum ServerUseType {
        /// `TRAIN`: training; a run on it needs a command.
        Train = "TRAIN",
        /// `DEV`: a notebook for writing and testing code; a run on it takes no command.
        Dev = "DEV",
    }
}

/// A GPU server product: the `gpuSvrCode` a run is created with, and what it allows.
///
/// ```
/// use ncloud_nsml::{ServerProduct, ServerUseType};
///
/// let product: ServerProduct = serde_json::from_str(
///     r#"{"gpuSvrCode": 1, "nodeCounts": [1, 2], "useType": "TRAIN"}"#,
/// )?;
/// assert_eq!(product.use_type, Some(ServerUseType::Train));
/// assert!(product.allows_node_count(2) && !product.allows_node_count(3));
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerProduct {
    /// The GPU server code (`gpuSvrCode`).
    pub gpu_svr_code: u32,
    /// The node counts a run may ask for on this product (`nodeCounts`).
    #[serde(default)]
    pub node_counts: Option<Vec<u32>>,
    /// Training or notebook (`useType`).
    #[serde(default)]
    pub use_type: Option<ServerUseType>,
    /// The NCP server product code (`serverProductCode`).
    #[serde(default)]
    pub server_product_code: Option<String>,
    /// The product name (`productName`).
    #[serde(default)]
    pub product_name: Option<String>,
    /// The product's English name (`engFullName`).
    #[serde(default)]
    pub eng_full_name: Option<String>,
}

impl ServerProduct {
    /// A product with this code and use and every other field unknown (for tests and fakes).
    pub fn new(gpu_svr_code: u32, use_type: ServerUseType) -> Self {
        Self {
            gpu_svr_code,
            node_counts: None,
            use_type: Some(use_type),
            server_product_code: None,
            product_name: None,
            eng_full_name: None,
        }
    }

    /// Whether a run on this product may ask for `count` nodes: true when the product lists no
    /// node counts (nothing to check against).
    pub fn allows_node_count(&self, count: u32) -> bool {
        self.node_counts
            .as_ref()
            .is_none_or(|counts| counts.is_empty() || counts.contains(&count))
    }
}

/// The GPU server a run is created on ([`Client::create_run`](crate::Client::create_run)): a bare
/// `gpuSvrCode` (`1`), or a [`ServerProduct`] (`&product`), which also says what the server is
/// for and the node counts it allows, so that a run's command and node count are checked before
/// anything is sent.
///
/// ```
/// use ncloud_nsml::{GpuServer, ServerProduct, ServerUseType};
///
/// assert_eq!(GpuServer::from(7).code, 7);
/// let product = ServerProduct::new(3, ServerUseType::Dev);
/// assert_eq!(GpuServer::from(&product).use_type, Some(ServerUseType::Dev));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GpuServer {
    /// The GPU server code (`gpuSvrCode`).
    pub code: u32,
    /// What the server is for, when known.
    pub use_type: Option<ServerUseType>,
    /// The node counts it allows, when known.
    pub node_counts: Option<Vec<u32>>,
}

impl From<u32> for GpuServer {
    fn from(code: u32) -> Self {
        Self {
            code,
            use_type: None,
            node_counts: None,
        }
    }
}

impl From<&ServerProduct> for GpuServer {
    fn from(product: &ServerProduct) -> Self {
        Self {
            code: product.gpu_svr_code,
            use_type: product.use_type.clone(),
            node_counts: product.node_counts.clone(),
        }
    }
}

impl From<ServerProduct> for GpuServer {
    fn from(product: ServerProduct) -> Self {
        Self::from(&product)
    }
}

unpaged_list!(ServerProductList of ServerProduct, "serverProductList", "server products");

impl Client {
    /// `GET /server-products`: the GPU server products runs are created on (not paged).
    pub async fn list_server_products(&self) -> Result<Vec<ServerProduct>, Error> {
        let operation =
            Operation::<ServerProductList>::get("ListServerProducts", ["server-products"]);
        self.send_list(operation).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unpaged::into_items;
    use serde_json::json;

    /// [gpusvrcode-list]: the example's first product as far as the stored copy shows it
    /// (`gpuSvrCode` 1, `nodeCounts` [1]), the other fields from the table with placeholder values.
    #[test]
    fn the_reference_product_shape_decodes() {
        let list: ServerProductList = serde_json::from_value(json!({
            "serverProductList": [{
                "gpuSvrCode": 1,
                "nodeCounts": [1],
                "useType": "DEV",
                "serverProductCode": "placeholder-product-code",
                "productName": "placeholder name",
                "engFullName": "placeholder English name"
            }],
            "totalCount": 1
        }))
        .unwrap();
        let products = into_items(list).unwrap();
        assert_eq!(products[0].gpu_svr_code, 1);
        assert_eq!(products[0].use_type, Some(ServerUseType::Dev));
        assert!(products[0].allows_node_count(1) && !products[0].allows_node_count(2));
    }

    #[test]
    fn unknown_use_types_are_kept_and_node_counts_may_be_absent() {
        let product: ServerProduct =
            serde_json::from_value(json!({"gpuSvrCode": 9, "useType": "INFER", "x": 1})).unwrap();
        assert_eq!(
            product.use_type,
            Some(ServerUseType::Unknown("INFER".into()))
        );
        assert!(product.allows_node_count(64));
        assert!(serde_json::from_value::<ServerProduct>(json!({"useType": "DEV"})).is_err());
        assert!(serde_json::from_value::<ServerProductList>(json!({"totalCount": 0})).is_err());
    }
}
