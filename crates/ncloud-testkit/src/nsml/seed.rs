//! The fake NSML's starting data: the generated projects (with as many runs as their `runCount`
//! says), two SSH keys, one registry credential, block storages, and a small catalogue. Like the
//! rest of the generated data, every item is a pure function of its index.

use serde_json::{Map, Value, json};

use crate::data::{EPOCH_2024, base36, date_time, mix};
use crate::nsml::state::{
    AuthKey, NsmlData, Project, ProjectLife, RegistryCredential, Run, RunLife,
};

/// Base images: the reference example's three, and two more.
pub(crate) const BASE_IMAGES: [&str; 5] = [
    "nvcr.io/nvidia/mxnet:21.02-py3",
    "nvcr.io/nvidia/pytorch:21.02-py3",
    "nvcr.io/nvidia/tensorflow:21.02-tf1-py3",
    "nvcr.io/nvidia/tensorflow:21.02-tf2-py3",
    "nvcr.io/nvidia/pytorch:23.10-py3",
];

/// Block storages in the generated data.
const BLOCK_STORAGES: usize = 12;

/// Made-up GPU server products: code 1 is a notebook (DEV) server, 2 and 3 train.
fn server_products() -> Vec<Value> {
    vec![
        json!({
            "gpuSvrCode": 1, "nodeCounts": [1], "useType": "DEV",
            "serverProductCode": "FAKE.GPU.T4.DEV", "productName": "T4 notebook",
            "engFullName": "Fake NVIDIA T4 notebook server (1 GPU)"
        }),
        json!({
            "gpuSvrCode": 2, "nodeCounts": [1, 2, 4], "useType": "TRAIN",
            "serverProductCode": "FAKE.GPU.V100.TRAIN", "productName": "V100 training",
            "engFullName": "Fake NVIDIA V100 training server (1 GPU per node)"
        }),
        json!({
            "gpuSvrCode": 3, "nodeCounts": [1, 2, 4, 8], "useType": "TRAIN",
            "serverProductCode": "FAKE.GPU.A100.TRAIN", "productName": "A100 training",
            "engFullName": "Fake NVIDIA A100 training server (8 GPUs per node)"
        }),
    ]
}

/// The starting NSML data over the generated `projects` (listing JSON, as `data::projects` makes it).
pub(crate) fn nsml_data(projects: &[Value]) -> NsmlData {
    let products = server_products();
    let projects = projects
        .iter()
        .enumerate()
        .map(|(index, item)| project(index, item, &products))
        .collect::<Vec<_>>();
    let block_storages = (0..BLOCK_STORAGES)
        .map(|i| block_storage(i, &projects))
        .collect();
    NsmlData {
        auth_keys: vec![
            auth_key(
                "laptop",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeLaptopKey",
                0,
            ),
            auth_key("ci-runner", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABFakeCiKey", 1),
        ],
        registry_credentials: vec![RegistryCredential {
            private_ep: "demo1234.kr.private-ncr.ntruss.com".into(),
            access_key: "NCPDEMOREGISTRYKEY01".into(),
            secret_key: "fake-registry-secret-0123456789".into(),
            create_time: space_date(EPOCH_2024 + 86_400),
        }],
        block_storages,
        base_images: BASE_IMAGES
            .iter()
            .map(|path| json!({ "name": path, "path": path }))
            .collect(),
        server_products: products,
        projects,
        serial: 0,
    }
}

/// `YYYY-MM-DD HH:MM:SS`: how the run, key and storage pages write their times.
pub(crate) fn space_date(epoch_seconds: u64) -> String {
    date_time(epoch_seconds).replacen('T', " ", 1)
}

/// An SSH key as the service registers it: a 33-character name and an MD5-style fingerprint.
pub(crate) fn auth_key(title: &str, key: &str, serial: u64) -> AuthKey {
    let h = key.bytes().fold(mix(0x6b6579, serial as usize), |acc, b| {
        mix(acc, b as usize)
    });
    let fingerprint = (0..16)
        .map(|i| format!("{:02x}", (mix(h, i) & 0xff) as u8))
        .collect::<Vec<_>>()
        .join(":");
    AuthKey {
        name: base36(h, 33),
        title: title.to_owned(),
        fingerprint,
        create_time: space_date(EPOCH_2024 + 3_600 * (serial + 1)),
    }
}

fn project(index: usize, item: &Value, products: &[Value]) -> Project {
    let h = mix(0x70726a, index);
    let text = |key: &str| item[key].as_str().unwrap_or_default().to_owned();
    let mut fields: Map<String, Value> = item.as_object().cloned().unwrap_or_default();
    for key in ["projectId", "projectName", "status", "runCount"] {
        fields.remove(key);
    }
    let status = text("status");
    let run_count = item["runCount"].as_u64().unwrap_or(0);
    let runs = (1..=run_count)
        .map(|number| {
            let last = number == run_count;
            let running = last && status == "CREATED" && h.is_multiple_of(3);
            seeded_run(index, number, running, products)
        })
        .collect();
    Project {
        id: text("projectId"),
        name: text("projectName"),
        fields,
        note: h
            .is_multiple_of(2)
            .then(|| format!("Generated project {}", index + 1)),
        nas_volume_size: 500 + 100 * (h % 46),
        life: ProjectLife::Fixed(status),
        runs,
    }
}

fn seeded_run(project: usize, number: u64, running: bool, products: &[Value]) -> Run {
    let h = mix(0x72756e ^ number, project);
    let product = &products[(h % products.len() as u64) as usize];
    let created = EPOCH_2024 + project as u64 * 3_600 * 7 + number * 600;
    let mut fields = run_fields(
        number,
        product,
        BASE_IMAGES[(h >> 8) as usize % BASE_IMAGES.len()],
        "BASE",
        (product["useType"] == "TRAIN").then_some("python train.py --epochs 10"),
        Map::new(),
        None,
    );
    fields.insert("creator".into(), Value::from("ncp-user-2689076"));
    fields.insert("createTime".into(), Value::from(space_date(created)));
    fields.insert("updateTime".into(), Value::from(space_date(created + 300)));
    let life = if running {
        RunLife::Fixed("RUN_STATE_IN_PROGRESS".into())
    } else {
        RunLife::Fixed("RUN_STATE_COMPLETED".into())
    };
    Run {
        number,
        fields,
        life,
    }
}

/// The detail fields of a run (without status, project and times).
pub(crate) fn run_fields(
    number: u64,
    product: &Value,
    image_path: &str,
    image_type: &str,
    command: Option<&str>,
    envs: Map<String, Value>,
    note: Option<&str>,
) -> Map<String, Value> {
    let run_type = if product["useType"] == "DEV" {
        "NOTEBOOK"
    } else {
        "TRAIN"
    };
    let fields = json!({
        "runName": number.to_string(),
        "runType": run_type,
        "engFullName": product["engFullName"],
        "gpuSvrCode": product["gpuSvrCode"],
        "imageType": image_type,
        "imagePath": image_path,
        "command": command,
        "envs": envs,
        "note": note,
    });
    fields.as_object().cloned().unwrap_or_default()
}

fn block_storage(index: usize, projects: &[Project]) -> Value {
    const STATUSES: [&str; 5] = ["DETACHED", "USED", "DETACHED", "CHANGING", "DELETED"];
    let h = mix(0x6273, index);
    let status = STATUSES[index % STATUSES.len()];
    let created = EPOCH_2024 + index as u64 * 86_400 + h % 3_600;
    let project_id = (!projects.is_empty()).then(|| projects[index % projects.len()].id.clone());
    json!({
        "blockStorageNo": 1_001 + index as u64,
        "blockStorageNm": format!("bs-{:04}", index + 1),
        "projectId": project_id,
        "status": status,
        "nodeId": (status == "USED").then(|| format!("node-{}", base36(h, 8))),
        "createTime": space_date(created),
        "updateTime": space_date(created + h % 86_400),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{ProjectQuirks, projects};

    #[test]
    fn every_project_gets_as_many_runs_as_it_counts() {
        let generated = projects(6, ProjectQuirks::default());
        let data = nsml_data(&generated);
        for (project, item) in data.projects.iter().zip(&generated) {
            assert_eq!(project.id, item["projectId"]);
            assert_eq!(
                project.runs.len() as u64,
                item["runCount"].as_u64().unwrap()
            );
            let numbers: Vec<u64> = project.runs.iter().map(|r| r.number).collect();
            assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
            assert!((500..=5_000).contains(&project.nas_volume_size));
            assert!(!project.fields.contains_key("status"));
        }
        assert_eq!(data.block_storages.len(), BLOCK_STORAGES);
        assert_eq!(data.server_products.len(), 3);
    }

    #[test]
    fn seeded_data_is_deterministic_and_well_formed() {
        let generated = projects(3, ProjectQuirks::default());
        let (a, b) = (nsml_data(&generated), nsml_data(&generated));
        assert_eq!(a.block_storages, b.block_storages);
        assert_eq!(a.auth_keys, b.auth_keys);
        let key = &a.auth_keys[0];
        assert_eq!(key.name.len(), 33);
        assert_eq!(key.fingerprint.split(':').count(), 16);
        assert_eq!(space_date(0), "1970-01-01 00:00:00");
        assert!(nsml_data(&[]).block_storages[0]["projectId"].is_null());
    }
}
