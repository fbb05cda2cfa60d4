//! The generated data set: deterministic JSON items, each one a pure function of its index, so a
//! test can regenerate or compare them and two gateways with the same settings agree.

use serde_json::{Map, Value, json};

/// How the generated projects deviate from the documented shape, to exercise clients.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ProjectQuirks {
    /// Every n-th project spells its dates `createDate` / `updateDate`, as the reference
    /// example does; 0 never.
    pub(crate) example_date_names_every: usize,
    /// Every n-th project has a status outside the documented list; 0 never.
    pub(crate) unknown_status_every: usize,
}

/// The undocumented status given to the projects picked by
/// [`FakeGatewayBuilder::unknown_status_every`](crate::FakeGatewayBuilder::unknown_status_every).
pub const UNKNOWN_PROJECT_STATUS: &str = "MIGRATING";

const STATUSES: [&str; 8] = [
    "CREATED", "CREATED", "CREATED", "CREATED", "CREATING", "CHANGING", "DELETING", "DELETED",
];
const USERS: [&str; 4] = ["user123", "user456", "mlops-bot", "alice"];
/// 2024-01-01T00:00:00 in seconds since the epoch; every generated date is after it.
pub(crate) const EPOCH_2024: u64 = 1_704_067_200;

/// Projects `0..count` in the CLOVA NSML shape.
pub(crate) fn projects(count: usize, quirks: ProjectQuirks) -> Vec<Value> {
    (0..count).map(|index| project(index, quirks)).collect()
}

/// Workspaces `0..count` in the Media Intelligence shape.
pub(crate) fn workspaces(count: usize) -> Vec<Value> {
    (0..count).map(workspace).collect()
}

fn project(index: usize, quirks: ProjectQuirks) -> Value {
    let h = mix(0x6e73_6d6c, index);
    let status = if every(quirks.unknown_status_every, index) {
        UNKNOWN_PROJECT_STATUS
    } else {
        STATUSES[(h % 8) as usize]
    };
    let created = EPOCH_2024 + index as u64 * 3_600 * 7 + (h >> 8) % 3_600;
    let updated = created + (h >> 20) % (30 * 86_400);
    let (created_key, updated_key) = if every(quirks.example_date_names_every, index) {
        ("createDate", "updateDate")
    } else {
        ("createdDate", "updatedDate")
    };
    let mut item = Map::new();
    item.insert("projectId".into(), Value::from(base36(h, 20)));
    item.insert("vpcNo".into(), Value::from(30_000 + (h >> 12) % 10_000));
    item.insert(
        "projectName".into(),
        Value::from(format!("project-{:04}", index + 1)),
    );
    item.insert("status".into(), Value::from(status));
    item.insert("userNo".into(), Value::from(2_680_000 + (h >> 24) % 10_000));
    item.insert("runCount".into(), Value::from((h >> 36) % 50));
    item.insert("nodeCount".into(), Value::from((h >> 44) % 8));
    item.insert(created_key.into(), Value::from(date_time(created)));
    item.insert(updated_key.into(), Value::from(date_time(updated)));
    Value::Object(item)
}

fn workspace(index: usize) -> Value {
    let h = mix(0x6d69, index);
    let name = format!("workspace-{:04}", index + 1);
    let created = EPOCH_2024 + index as u64 * 3_600 * 5 + (h >> 8) % 3_600;
    let updated = created + (h >> 20) % (10 * 86_400);
    let mut item = json!({
        "workspaceName": name,
        "workspaceUrl": format!("https://mi.apigw.ntruss.com/api/v1/workspaces/{name}"),
        "createdUserName": USERS[(h % 4) as usize],
        "createdTime": date_time(created),
        "updatedUserName": USERS[((h >> 4) % 4) as usize],
        "updatedTime": date_time(updated),
    });
    // `bucketName` is optional: present for most, absent for some, null for others.
    match index % 5 {
        3 => {}
        4 => item["bucketName"] = Value::Null,
        _ => item["bucketName"] = Value::from(format!("bucket-{:04}", index + 1)),
    }
    item
}

/// True for the n-th, 2n-th, ... item (1-based), never when `n` is 0.
fn every(n: usize, index: usize) -> bool {
    n != 0 && (index + 1).is_multiple_of(n)
}

/// SplitMix64 of the index: cheap, deterministic, well spread.
pub(crate) fn mix(salt: u64, index: usize) -> u64 {
    let mut z = (index as u64 ^ salt.rotate_left(32)).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub(crate) fn base36(mut n: u64, len: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|i| {
            if i % 12 == 11 {
                n = mix(n, i); // 64 bits give ~12 base-36 digits; refill for longer ids
            }
            let digit = DIGITS[(n % 36) as usize] as char;
            n /= 36;
            digit
        })
        .collect()
}

/// `YYYY-MM-DDTHH:MM:SS` with no zone, as both services write dates.
pub(crate) fn date_time(epoch_seconds: u64) -> String {
    let (days, seconds) = (epoch_seconds / 86_400, epoch_seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        seconds / 3_600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_formatted_without_zone() {
        assert_eq!(date_time(0), "1970-01-01T00:00:00");
        assert_eq!(date_time(1_725_291_883), "2024-09-02T15:44:43");
        assert_eq!(date_time(951_782_400), "2000-02-29T00:00:00");
    }

    #[test]
    fn generation_is_deterministic_and_items_are_distinct() {
        let a = projects(50, ProjectQuirks::default());
        assert_eq!(a, projects(50, ProjectQuirks::default()));
        let mut ids: Vec<_> = a.iter().map(|p| p["projectId"].as_str().unwrap()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 50);
        assert!(ids.iter().all(|id| id.len() == 20));
        assert_eq!(workspaces(7)[..], workspaces(9)[..7]);
    }

    #[test]
    fn projects_have_the_documented_fields() {
        let p = &projects(1, ProjectQuirks::default())[0];
        for key in [
            "projectId",
            "vpcNo",
            "projectName",
            "status",
            "userNo",
            "runCount",
            "nodeCount",
            "createdDate",
            "updatedDate",
        ] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        assert_eq!(p.as_object().unwrap().len(), 9);
        assert!(STATUSES.contains(&p["status"].as_str().unwrap()));
    }

    #[test]
    fn quirks_pick_every_nth_project() {
        let quirks = ProjectQuirks {
            example_date_names_every: 3,
            unknown_status_every: 4,
        };
        let items = projects(12, quirks);
        let example_names: Vec<bool> = items
            .iter()
            .map(|p| p.get("createDate").is_some())
            .collect();
        assert_eq!(example_names.iter().filter(|b| **b).count(), 4);
        assert!(items[2].get("updateDate").is_some() && items[2].get("createdDate").is_none());
        assert_eq!(items[3]["status"], UNKNOWN_PROJECT_STATUS);
        assert_ne!(items[0]["status"], UNKNOWN_PROJECT_STATUS);
    }

    #[test]
    fn bucket_name_is_sometimes_absent_and_sometimes_null() {
        let items = workspaces(5);
        assert!(items[0]["bucketName"].is_string());
        assert!(items[3].get("bucketName").is_none());
        assert!(items[4].get("bucketName").unwrap().is_null());
        assert_eq!(items[0]["workspaceName"], "workspace-0001");
    }
}
