//! Projects of a workspace: list (unpaged, as documented), create, get, rename, delete (never the
//! base project).

use super::*;

impl MiStore {
    /// Every project at once, in the documented shape (`projects`, `totalCount`): the reference
    /// documents no paging for this call.
    pub(crate) fn list_projects(&self, workspace: &str) -> MiResult {
        let data = self.lock();
        let projects: Vec<Value> = data
            .workspace(workspace)?
            .projects
            .iter()
            .map(Project::json)
            .collect();
        Ok(json!({ "totalCount": projects.len(), "projects": projects }))
    }

    pub(crate) fn create_project(
        &self,
        workspace: &str,
        body: &Value,
        now: SystemTime,
    ) -> MiResult {
        let name = project_name(body)?;
        let mut data = self.lock();
        let id = data.next_id();
        let ws = data.workspace_mut(workspace)?;
        if ws.projects.len() >= MAX_PROJECTS {
            return Err(MiError::invalid("A workspace holds at most 1000 projects."));
        }
        if ws.projects.iter().any(|p| p.name == name) {
            return Err(MiError::invalid(format!(
                "Project name {name} already exists."
            )));
        }
        let time = stamp(now);
        let project = Project {
            id,
            name: name.to_owned(),
            base: false,
            created: time.clone(),
            updated: time,
            assets: Vec::new(),
        };
        let json = project.json();
        ws.projects.push(project);
        Ok(json)
    }

    pub(crate) fn get_project(&self, workspace: &str, project: u64) -> MiResult {
        let data = self.lock();
        Ok(data.workspace(workspace)?.project(project)?.json())
    }

    pub(crate) fn rename_project(
        &self,
        workspace: &str,
        project: u64,
        body: &Value,
        now: SystemTime,
    ) -> MiResult {
        let name = project_name(body)?;
        let mut data = self.lock();
        let ws = data.workspace_mut(workspace)?;
        if ws
            .projects
            .iter()
            .any(|p| p.name == name && p.id != project)
        {
            return Err(MiError::invalid(format!(
                "Project name {name} already exists."
            )));
        }
        let p = ws.project_mut(project)?;
        p.name = name.to_owned();
        p.updated = stamp(now);
        Ok(p.json())
    }

    /// Deletes a project; answers without a `result`, as deletes may.
    pub(crate) fn delete_project(&self, workspace: &str, project: u64) -> Result<(), MiError> {
        let mut data = self.lock();
        let ws = data.workspace_mut(workspace)?;
        if ws.project(project)?.base {
            return Err(MiError::rule(
                "10027",
                "The base project cannot be deleted.",
            ));
        }
        ws.projects.retain(|p| p.id != project);
        Ok(())
    }
}

impl MiData {
    pub(super) fn base_project(&mut self, time: &str) -> Project {
        Project {
            id: self.next_id(),
            name: BASE_PROJECT.to_owned(),
            base: true,
            created: time.to_owned(),
            updated: time.to_owned(),
            assets: Vec::new(),
        }
    }
}

impl Workspace {
    pub(super) fn project(&self, id: u64) -> Result<&Project, MiError> {
        find(&self.projects, id, |p| p.id, "Project")
    }

    pub(super) fn project_mut(&mut self, id: u64) -> Result<&mut Project, MiError> {
        let index = position(&self.projects, id, |p| p.id, "Project")?;
        Ok(&mut self.projects[index])
    }
}

impl Project {
    pub(super) fn json(&self) -> Value {
        json!({
            "projectId": self.id,
            "name": self.name,
            "isBaseProject": self.base,
            "createdUserName": USER,
            "createdTime": self.created,
            "updatedUserName": USER,
            "updatedTime": self.updated,
        })
    }

    pub(super) fn asset(&self, id: u64) -> Result<&Asset, MiError> {
        find(&self.assets, id, |a| a.id, "Asset")
    }

    pub(super) fn asset_mut(&mut self, id: u64) -> Result<&mut Asset, MiError> {
        let index = position(&self.assets, id, |a| a.id, "Asset")?;
        Ok(&mut self.assets[index])
    }
}

pub(super) fn project_name(body: &Value) -> Result<&str, MiError> {
    let name = required_text(body, "name")?;
    if name.chars().count() > 100 || name.contains([';', '|', '`']) {
        return Err(MiError::invalid(
            "name must be at most 100 characters, without ; | or `.",
        ));
    }
    Ok(name)
}

/// At most this many projects per workspace, as documented.
const MAX_PROJECTS: usize = 1_000;
