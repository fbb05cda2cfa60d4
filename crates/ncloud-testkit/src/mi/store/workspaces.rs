//! Workspaces: list, create (with the base project), get, delete (refused while an analysis runs).

use super::*;

impl MiStore {
    /// The workspaces, in listing order.
    pub(crate) fn workspaces(&self) -> Vec<Value> {
        self.lock()
            .workspaces
            .iter()
            .map(|w| w.json.clone())
            .collect()
    }

    pub(crate) fn create_workspace(&self, body: &Value, now: SystemTime) -> MiResult {
        let name = required_text(body, "workspaceName")?;
        if !valid_workspace_name(name) {
            return Err(MiError::invalid(
                "workspaceName must be 3 to 63 characters of a-z, 0-9 and -.",
            ));
        }
        let bucket = body.get("bucketName").and_then(Value::as_str);
        let mut data = self.lock();
        if data.workspace_index(name).is_some() {
            return Err(MiError::invalid(format!(
                "Workspace name {name} already exists."
            )));
        }
        let time = stamp(now);
        let mut json = json!({
            "workspaceName": name,
            "workspaceUrl": format!("https://mi.apigw.ntruss.com/api/v1/workspaces/{name}"),
            "bucketName": bucket,
            "createdUserName": USER,
            "createdTime": time,
            "updatedUserName": USER,
            "updatedTime": time,
        });
        let project = data.base_project(&time);
        data.workspaces.push(Workspace {
            json: json.clone(),
            projects: vec![project],
        });
        // The create answer documents the name and the audit fields only.
        if let Some(object) = json.as_object_mut() {
            object.remove("workspaceUrl");
            object.remove("bucketName");
        }
        Ok(json)
    }

    pub(crate) fn get_workspace(&self, name: &str) -> MiResult {
        let data = self.lock();
        Ok(data.workspace(name)?.json.clone())
    }

    pub(crate) fn delete_workspace(&self, name: &str, now: SystemTime) -> MiResult {
        let mut data = self.lock();
        let index = data
            .workspace_index(name)
            .ok_or_else(|| MiError::not_found("Workspace", name))?;
        let indexing = data.workspaces[index]
            .projects
            .iter()
            .flat_map(|p| &p.assets)
            .any(|a| !self.indexing_done(a, now));
        if indexing {
            return Err(MiError::rule(
                "10001",
                format!("Workspace {name} cannot be deleted while an analysis is running."),
            ));
        }
        data.workspaces.remove(index);
        data.searches.retain(|_, s| s.workspace != name);
        Ok(json!({ "workspaceName": name }))
    }
}

impl MiData {
    pub(super) fn workspace_index(&self, name: &str) -> Option<usize> {
        self.workspaces
            .iter()
            .position(|w| w.json["workspaceName"] == name)
    }

    pub(super) fn workspace(&self, name: &str) -> Result<&Workspace, MiError> {
        self.workspace_index(name)
            .map(|i| &self.workspaces[i])
            .ok_or_else(|| MiError::not_found("Workspace", name))
    }

    pub(super) fn workspace_mut(&mut self, name: &str) -> Result<&mut Workspace, MiError> {
        let index = self
            .workspace_index(name)
            .ok_or_else(|| MiError::not_found("Workspace", name))?;
        Ok(&mut self.workspaces[index])
    }
}

pub(super) fn valid_workspace_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
