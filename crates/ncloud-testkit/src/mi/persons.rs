//! Media Intelligence's persons, their tags and thumbnails, and the workspace's person tags; and
//! what a search's `imageQuery` and `personQuery` mean to the fake.
//!
//! The fake "recognises" faces by words: a person's face is the words of its name (or, for an
//! anonymous person, of its first thumbnail's file name), and a person appears in an asset whose
//! file name has all those words. So `Alice` appears in `alice-at-the-beach.mp4`, and an image
//! search for an uploaded `red-car.jpg` finds what a text search for `red car` finds.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::mi::store::{MiError, stamp, words};
use crate::mi::uploads::{UploadKind, UploadStore, text, thumbnail_route};
use crate::mi::{Answer, listing, paging};
use crate::state::GatewayState;
use crate::wire::ApiRequest;

/// Who the fake says created things.
const USER: &str = "testkit-user";

/// The persons and person tags of every workspace.
#[derive(Debug, Default)]
pub(crate) struct PersonStore {
    data: Mutex<PersonData>,
}

#[derive(Debug, Default)]
struct PersonData {
    workspaces: BTreeMap<String, Directory>,
    last_id: u64,
}

#[derive(Debug, Default)]
struct Directory {
    persons: Vec<Person>,
    tags: Vec<Tag>,
}

#[derive(Debug)]
struct Person {
    id: u64,
    name: Option<String>,
    description: Option<String>,
    tags: BTreeSet<u64>,
    thumbnails: Vec<Thumb>,
    created: String,
}

#[derive(Debug, Clone)]
struct Thumb {
    id: u64,
    key: String,
    primary: bool,
    /// The words of the uploaded file's name: the face the fake "sees".
    words: Vec<String>,
}

#[derive(Debug)]
struct Tag {
    id: u64,
    name: String,
    created: String,
}

/// Which persons must, may or must not appear in a searched asset, by their face words.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PersonFilter {
    must: Vec<Vec<String>>,
    any: Vec<Vec<String>>,
    not: Vec<Vec<String>>,
}

impl PersonFilter {
    /// Whether an asset with these keywords passes.
    pub(crate) fn admits(&self, keywords: &[String]) -> bool {
        let shows = |face: &Vec<String>| face.iter().all(|w| keywords.contains(w));
        self.must.iter().all(shows)
            && (self.any.is_empty() || self.any.iter().any(shows))
            && !self.not.iter().any(shows)
    }
}

impl Person {
    fn face(&self) -> Vec<String> {
        match &self.name {
            Some(name) => words(name),
            None => self
                .thumbnails
                .first()
                .map(|t| t.words.clone())
                .unwrap_or_default(),
        }
    }

    fn json(&self, tags: &[Tag], uploads: &UploadStore, asset_count: usize) -> Value {
        let tags: Vec<Value> = tags
            .iter()
            .filter(|t| self.tags.contains(&t.id))
            .map(|t| json!({"id": t.id, "name": t.name}))
            .collect();
        json!({
            "id": self.id,
            "personId": self.id,
            "name": self.name,
            "description": self.description,
            "tags": tags,
            "thumbnails": thumbnails_json(&self.thumbnails, uploads),
            "assetCount": asset_count,
            "sceneCount": asset_count,
            "createdTime": self.created,
        })
    }
}

fn thumbnails_json(thumbnails: &[Thumb], uploads: &UploadStore) -> Vec<Value> {
    thumbnails
        .iter()
        .map(|t| {
            json!({"id": t.id, "url": uploads.download_url(&t.key), "isPrimaryThumbnail": t.primary})
        })
        .collect()
}

impl Tag {
    fn json(&self) -> Value {
        json!({"id": self.id, "name": self.name, "createdTime": self.created, "createdUserName": USER})
    }
}

/// Answers a person, person-tag or thumbnail-upload route under `/api/v1/workspaces`; `None` for
/// another route.
pub(crate) fn route(
    state: &GatewayState,
    request: &ApiRequest,
    path: &[&str],
    now: SystemTime,
) -> Option<Answer> {
    let ws = match path {
        [ws, "persons" | "person-tags" | "person-thumbnail", ..] => *ws,
        _ => return None,
    };
    if let Err(error) = state.mi.get_workspace(ws) {
        return Some(Err(error));
    }
    let body = || -> Result<Value, MiError> {
        serde_json::from_slice(request.body())
            .map_err(|_| MiError::invalid("The request body is not JSON."))
    };
    if path.get(1) == Some(&"person-thumbnail") {
        let body = match body() {
            Ok(body) => body,
            Err(error) => return Some(Err(error)),
        };
        return thumbnail_route(&state.uploads, request, path, &body, now).map(|a| a.map(Some));
    }
    let store = &state.persons;
    let counts = |faces: &[Vec<String>]| state.mi.assets_showing(ws, faces, now);
    let cx = Context {
        ws,
        uploads: &state.uploads,
        now,
    };
    let id = |text: &str| {
        text.parse::<u64>()
            .map_err(|_| MiError::invalid(format!("{text} is not a valid id.")))
    };
    let answer = match (request.method(), &path[1..]) {
        ("GET", ["persons"]) => store.list_persons(&cx, request, counts),
        ("POST", ["persons"]) => body().and_then(|b| store.create_person(&cx, &b, counts)),
        ("POST", ["persons", "search"]) => {
            body().and_then(|b| store.search_persons(&cx, &b, counts))
        }
        ("POST", ["persons", "recommend-by-thumbnail"]) => {
            body().and_then(|b| store.recommend(&cx, &b))
        }
        ("GET", ["persons", p]) => id(p).and_then(|p| store.get_person(&cx, p, counts)),
        ("PATCH", ["persons", p]) => {
            id(p).and_then(|p| store.update_person(&cx, p, &body()?, counts))
        }
        ("DELETE", ["persons", p]) => id(p).and_then(|p| store.delete_person(&cx, p, counts)),
        ("POST", ["persons", p, "merge"]) => {
            id(p).and_then(|p| store.merge(&cx, p, &body()?, counts))
        }
        ("GET", ["persons", p, "similar"]) => id(p).and_then(|p| store.similar(&cx, p, request)),
        ("POST", ["persons", p, "person-tags"]) => {
            id(p).and_then(|p| store.add_tags(&cx, p, &body()?))
        }
        ("DELETE", ["persons", p, "person-tags"])
        | ("POST", ["persons", p, "person-tags", "remove"]) => {
            id(p).and_then(|p| store.remove_tags(&cx, p, &body()?))
        }
        ("POST", ["persons", p, "person-thumbnail"]) => {
            id(p).and_then(|p| store.add_thumbnails(&cx, p, &body()?))
        }
        ("DELETE", ["persons", p, "person-thumbnail"])
        | ("POST", ["persons", p, "person-thumbnail", "remove"]) => {
            id(p).and_then(|p| store.remove_thumbnails(&cx, p, &body()?))
        }
        ("GET", ["person-tags"]) => store.list_tags(&cx, request),
        ("POST", ["person-tags"]) => body().and_then(|b| store.create_tag(&cx, &b)),
        ("DELETE", ["person-tags", t]) => id(t)
            .and_then(|t| store.delete_tag(&cx, t))
            .map(|()| Value::Null),
        _ => return None,
    };
    Some(answer.map(|v| (!v.is_null()).then_some(v)))
}

/// A search body with its `imageQuery` turned into the words of the uploaded image (a completed
/// query-image upload; anything else is an error), and its `personQuery` into faces (an id that is
/// no person of the workspace is an error).
pub(crate) fn resolve_search(
    state: &GatewayState,
    ws: &str,
    body: &Value,
) -> Result<(Value, PersonFilter)> {
    state.mi.get_workspace(ws)?;
    let mut body = body.clone();
    let query = &mut body["query"];
    if let (None, Some(key)) = (query["textQuery"].as_str(), query["imageQuery"].as_str()) {
        let seen = state
            .uploads
            .completed_words(UploadKind::QueryImage, None, key)?
            .join(" ");
        if seen.is_empty() {
            return Err(MiError::invalid(format!("Nothing recognisable in {key}.")));
        }
        query["textQuery"] = Value::from(seen);
        if let Some(query) = query.as_object_mut() {
            query.remove("imageQuery");
        }
    }
    let persons = match query.get("personQuery") {
        Some(persons) => state.persons.search_filter(ws, persons)?,
        None => PersonFilter::default(),
    };
    Ok((body, persons))
}

/// What every call needs besides its inputs.
struct Context<'a> {
    ws: &'a str,
    uploads: &'a UploadStore,
    now: SystemTime,
}

/// How many indexed assets show each face (from the asset store).
trait Counts: Fn(&[Vec<String>]) -> Vec<usize> {}
impl<F: Fn(&[Vec<String>]) -> Vec<usize>> Counts for F {}

type Result<T, E = MiError> = std::result::Result<T, E>;

impl PersonStore {
    fn lock(&self) -> MutexGuard<'_, PersonData> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops the persons and tags of a deleted workspace.
    pub(crate) fn forget(&self, ws: &str) {
        self.lock().workspaces.remove(ws);
    }

    /// The face words of the persons named in a search's `personQuery` (`must`, `any`, `not`
    /// lists of ids); an id that is no person of the workspace is an error.
    pub(crate) fn search_filter(&self, ws: &str, query: &Value) -> Result<PersonFilter> {
        let mut data = self.lock();
        let dir = data.directory(ws);
        let faces = |list: &str| -> Result<Vec<Vec<String>>> {
            let Some(ids) = query.get(list) else {
                return Ok(Vec::new());
            };
            let ids = ids.as_array().ok_or_else(|| {
                MiError::invalid(format!("personQuery.{list} must be a list of person ids."))
            })?;
            ids.iter()
                .map(|id| {
                    let id = id.as_u64().ok_or_else(|| {
                        MiError::invalid(format!("personQuery.{list} holds {id}, not a person id."))
                    })?;
                    dir.person(id).map(Person::face)
                })
                .collect()
        };
        Ok(PersonFilter {
            must: faces("must")?,
            any: faces("any")?,
            not: faces("not")?,
        })
    }

    fn list_persons(
        &self,
        cx: &Context<'_>,
        request: &ApiRequest,
        counts: impl Counts,
    ) -> Result<Value> {
        let (page, size) = paging(request, true, (1, 1_000), 1_000)?;
        let name = decoded(request, "name");
        if let Some(name) = &name {
            name_filter(name)?;
        }
        let tags: Vec<u64> = match request.query_param("tagIdList") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|t| t.trim().parse::<u64>())
                .collect::<Result<_, _>>()
                .map_err(|_| MiError::invalid("tagIdList must be ids joined by ,."))?,
        };
        if tags.len() > 30 {
            return Err(MiError::invalid("tagIdList takes at most 30 ids."));
        }
        let found = self.persons_json(cx, counts, |p| {
            name.as_ref()
                .is_none_or(|n| p.name.as_ref().is_some_and(|pn| pn.contains(n.as_str())))
                && tags.iter().all(|t| p.tags.contains(t))
        });
        Ok(listing(&found, page, size))
    }

    fn search_persons(&self, cx: &Context<'_>, body: &Value, counts: impl Counts) -> Result<Value> {
        let page = body["pageNum"]
            .as_u64()
            .filter(|&p| p >= 1)
            .ok_or_else(|| MiError::invalid("pageNum must be an integer of 1 or more."))?;
        let size = match &body["pageSize"] {
            Value::Null => 10,
            size => size
                .as_u64()
                .filter(|s| (1..=50).contains(s))
                .ok_or_else(|| MiError::invalid("pageSize must be between 1 and 50."))?,
        };
        let name = body["name"].as_str();
        if let Some(name) = name {
            name_filter(name)?;
        }
        let ids = |field: &str| -> Vec<u64> {
            body[field]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default()
        };
        let (person_ids, tag_ids) = (ids("personIds"), ids("tagIds"));
        let named = match body["nameType"].as_str() {
            None => None,
            Some("NAMED") => Some(true),
            Some("ANONYMOUS") => Some(false),
            Some(other) => {
                return Err(MiError::invalid(format!(
                    "nameType {other} is not NAMED or ANONYMOUS."
                )));
            }
        };
        let column = body["sortColumn"].as_str().unwrap_or("ASSET_COUNT");
        let key = match column {
            "ASSET_COUNT" => "assetCount",
            "CREATED_AT" => "createdTime",
            "PERSON_ID" => "id",
            "NAME" => "name",
            other => {
                return Err(MiError::invalid(format!(
                    "sortColumn {other} is not supported."
                )));
            }
        };
        let descending = match body["sortType"].as_str() {
            None | Some("DESC") => true,
            Some("ASC") => false,
            Some(other) => {
                return Err(MiError::invalid(format!(
                    "sortType {other} is not ASC or DESC."
                )));
            }
        };
        let mut found = self.persons_json(cx, counts, |p| {
            name.is_none_or(|n| p.name.as_ref().is_some_and(|pn| pn.contains(n)))
                && (person_ids.is_empty() || person_ids.contains(&p.id))
                && tag_ids.iter().all(|t| p.tags.contains(t))
                && named.is_none_or(|named| p.name.is_some() == named)
        });
        found.sort_by(|a, b| {
            let order = compare(&a[key], &b[key]).then(compare(&a["id"], &b["id"]));
            if descending { order.reverse() } else { order }
        });
        let page = u32::try_from(page).unwrap_or(u32::MAX);
        Ok(listing(&found, page, size as u32))
    }

    /// The persons of the workspace that pass `keep`, as JSON with their asset counts.
    fn persons_json(
        &self,
        cx: &Context<'_>,
        counts: impl Counts,
        keep: impl Fn(&Person) -> bool,
    ) -> Vec<Value> {
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        let persons: Vec<&Person> = dir.persons.iter().filter(|p| keep(p)).collect();
        let faces: Vec<Vec<String>> = persons.iter().map(|p| p.face()).collect();
        let counts = counts(&faces);
        persons
            .iter()
            .zip(counts)
            .map(|(p, n)| p.json(&dir.tags, cx.uploads, n))
            .collect()
    }

    fn one_json(&self, cx: &Context<'_>, id: u64, counts: impl Counts) -> Result<Value> {
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        let person = dir.person(id)?;
        let count = counts(&[person.face()]).first().copied().unwrap_or(0);
        Ok(person.json(&dir.tags, cx.uploads, count))
    }

    fn create_person(&self, cx: &Context<'_>, body: &Value, counts: impl Counts) -> Result<Value> {
        let name = optional_text(body, "name", 50)?;
        let description = optional_text(body, "description", 700)?;
        let thumbnails = body
            .get("thumbnails")
            .and_then(Value::as_array)
            .ok_or_else(|| MiError::invalid("thumbnails is required."))?;
        let id = {
            let mut data = self.lock();
            let mut thumbs = new_thumbnails(&mut data, cx, thumbnails)?;
            if !thumbs.is_empty() && !thumbs.iter().any(|t| t.primary) {
                thumbs[0].primary = true;
            }
            let id = data.next_id();
            let dir = data.directory(cx.ws);
            dir.unique_name(name.as_deref(), None)?;
            dir.persons.push(Person {
                id,
                name,
                description,
                tags: BTreeSet::new(),
                thumbnails: thumbs,
                created: stamp(cx.now),
            });
            id
        };
        self.one_json(cx, id, counts)
    }

    fn get_person(&self, cx: &Context<'_>, id: u64, counts: impl Counts) -> Result<Value> {
        self.one_json(cx, id, counts)
    }

    fn update_person(
        &self,
        cx: &Context<'_>,
        id: u64,
        body: &Value,
        counts: impl Counts,
    ) -> Result<Value> {
        let name = optional_text(body, "name", 50)?;
        let description = optional_text(body, "description", 700)?;
        let primary = body.get("primaryThumbnailId").and_then(Value::as_u64);
        {
            let mut data = self.lock();
            let dir = data.directory(cx.ws);
            dir.unique_name(name.as_deref(), Some(id))?;
            let person = dir.person_mut(id)?;
            if let Some(primary) = primary {
                if !person.thumbnails.iter().any(|t| t.id == primary) {
                    return Err(MiError::invalid(format!(
                        "Thumbnail {primary} is not a thumbnail of person {id}."
                    )));
                }
                for t in &mut person.thumbnails {
                    t.primary = t.id == primary;
                }
            }
            if name.is_some() {
                person.name = name;
            }
            if description.is_some() {
                person.description = description;
            }
        }
        self.one_json(cx, id, counts)
    }

    fn delete_person(&self, cx: &Context<'_>, id: u64, counts: impl Counts) -> Result<Value> {
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        let face = dir.person(id)?.face();
        let count = counts(&[face]).first().copied().unwrap_or(0);
        dir.persons.retain(|p| p.id != id);
        Ok(json!({"personId": id, "assetCount": count, "sceneCount": count}))
    }

    fn merge(
        &self,
        cx: &Context<'_>,
        keep: u64,
        body: &Value,
        counts: impl Counts,
    ) -> Result<Value> {
        let ids = id_list(body, "personIds")?;
        if ids.is_empty() || ids.len() > 10 {
            return Err(MiError::invalid("personIds takes 1 to 10 person ids."));
        }
        if ids.contains(&keep) {
            return Err(MiError::invalid("A person cannot be merged into itself."));
        }
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        dir.person(keep)?;
        let mut moved = Vec::new();
        for &id in &ids {
            moved.push(dir.person(id)?.face());
        }
        let assets: usize = counts(&moved).iter().sum();
        let mut thumbnails = Vec::new();
        let mut tags = BTreeSet::new();
        for person in dir.persons.iter().filter(|p| ids.contains(&p.id)) {
            thumbnails.extend(person.thumbnails.iter().cloned().map(|mut t| {
                t.primary = false;
                t
            }));
            tags.extend(person.tags.iter().copied());
        }
        dir.persons.retain(|p| !ids.contains(&p.id));
        let kept = dir.person_mut(keep)?;
        let transferred = thumbnails.len();
        kept.thumbnails.extend(thumbnails);
        kept.tags.extend(tags);
        Ok(json!({
            "personId": keep,
            "transferredAssetCount": assets,
            "transferredThumbnailCount": transferred,
            "mergedTime": format!("{}Z", stamp(cx.now)),
        }))
    }

    fn similar(&self, cx: &Context<'_>, id: u64, request: &ApiRequest) -> Result<Value> {
        let count = number_param(request.query_param("personCount"), "personCount", 1..=10, 3)?;
        let threshold = number_param(
            request.query_param("scoreThreshold"),
            "scoreThreshold",
            80..=100,
            80,
        )?;
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        let person = dir.person(id)?;
        if person.thumbnails.is_empty() {
            return Err(MiError::invalid(format!(
                "Person {id} has no thumbnail, so no face features."
            )));
        }
        let face = person.face();
        let similar = ranked(dir, &face, Some(id), count, threshold);
        Ok(json!({"personId": id, "similarPersons": similar}))
    }

    fn recommend(&self, cx: &Context<'_>, body: &Value) -> Result<Value> {
        let key = text(body, "thumbnailKey")?;
        let count = number_value(&body["personCount"], "personCount", 1..=10, 3)?;
        let threshold = number_value(&body["scoreThreshold"], "scoreThreshold", 80..=100, 80)?;
        let face = cx
            .uploads
            .completed_words(UploadKind::Thumbnail, Some(cx.ws), key)?;
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        Ok(Value::from(ranked(dir, &face, None, count, threshold)))
    }

    fn add_tags(&self, cx: &Context<'_>, id: u64, body: &Value) -> Result<Value> {
        let ids = id_list(body, "tagIds")?;
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        if let Some(unknown) = ids
            .iter()
            .find(|t| !dir.tags.iter().any(|tag| tag.id == **t))
        {
            return Err(MiError::not_found("Person tag", unknown));
        }
        dir.person_mut(id)?.tags.extend(ids);
        dir.tags_json(id)
    }

    fn remove_tags(&self, cx: &Context<'_>, id: u64, body: &Value) -> Result<Value> {
        let ids = id_list(body, "tagIds")?;
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        dir.person_mut(id)?.tags.retain(|t| !ids.contains(t));
        dir.tags_json(id)
    }

    fn add_thumbnails(&self, cx: &Context<'_>, id: u64, body: &Value) -> Result<Value> {
        let given = body
            .get("thumbnails")
            .and_then(Value::as_array)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| MiError::invalid("thumbnails is required."))?;
        let mut data = self.lock();
        data.directory(cx.ws).person(id)?;
        let thumbs = new_thumbnails(&mut data, cx, given)?;
        let person = data.directory(cx.ws).person_mut(id)?;
        if thumbs.iter().any(|t| t.primary) {
            for t in &mut person.thumbnails {
                t.primary = false;
            }
        }
        person.thumbnails.extend(thumbs);
        let has_primary = person.thumbnails.iter().any(|t| t.primary);
        if let (false, Some(first)) = (has_primary, person.thumbnails.first_mut()) {
            first.primary = true;
        }
        Ok(
            json!({"personId": id, "thumbnailList": thumbnails_json(&person.thumbnails, cx.uploads)}),
        )
    }

    fn remove_thumbnails(&self, cx: &Context<'_>, id: u64, body: &Value) -> Result<Value> {
        let ids = id_list(body, "thumbnailIds")?;
        let mut data = self.lock();
        let person = data.directory(cx.ws).person_mut(id)?;
        if person.thumbnails.iter().all(|t| ids.contains(&t.id)) {
            return Err(MiError::invalid("A person keeps at least one thumbnail."));
        }
        person.thumbnails.retain(|t| !ids.contains(&t.id));
        if !person.thumbnails.iter().any(|t| t.primary) {
            person.thumbnails[0].primary = true;
        }
        Ok(
            json!({"personId": id, "thumbnailList": thumbnails_json(&person.thumbnails, cx.uploads)}),
        )
    }

    fn list_tags(&self, cx: &Context<'_>, request: &ApiRequest) -> Result<Value> {
        let (page, size) = paging(request, true, (1, 50), 10)?;
        let id = match request.query_param("id") {
            None => None,
            Some(id) => Some(
                id.parse::<u64>()
                    .map_err(|_| MiError::invalid("id must be a tag id."))?,
            ),
        };
        let name = decoded(request, "name");
        if name
            .as_ref()
            .is_some_and(|n| !(1..=30).contains(&n.chars().count()))
        {
            return Err(MiError::invalid("name must be 1 to 30 characters."));
        }
        let mut data = self.lock();
        let tags: Vec<Value> = data
            .directory(cx.ws)
            .tags
            .iter()
            .filter(|t| id.is_none_or(|id| t.id == id))
            .filter(|t| name.as_ref().is_none_or(|n| t.name.contains(n.as_str())))
            .map(Tag::json)
            .collect();
        Ok(listing(&tags, page, size))
    }

    fn create_tag(&self, cx: &Context<'_>, body: &Value) -> Result<Value> {
        let name = text(body, "name")?;
        if name.chars().count() > 30 {
            return Err(MiError::invalid("name must be 1 to 30 characters."));
        }
        let mut data = self.lock();
        let id = data.next_id();
        let dir = data.directory(cx.ws);
        if dir.tags.iter().any(|t| t.name == name) {
            return Err(MiError::invalid(format!(
                "Person tag {name} already exists."
            )));
        }
        let tag = Tag {
            id,
            name: name.to_owned(),
            created: stamp(cx.now),
        };
        let json = tag.json();
        dir.tags.push(tag);
        Ok(json)
    }

    fn delete_tag(&self, cx: &Context<'_>, id: u64) -> Result<()> {
        let mut data = self.lock();
        let dir = data.directory(cx.ws);
        if !dir.tags.iter().any(|t| t.id == id) {
            return Err(MiError::not_found("Person tag", id));
        }
        dir.tags.retain(|t| t.id != id);
        for person in &mut dir.persons {
            person.tags.remove(&id);
        }
        Ok(())
    }
}

impl PersonData {
    fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        5_000 + self.last_id
    }

    fn directory(&mut self, ws: &str) -> &mut Directory {
        self.workspaces.entry(ws.to_owned()).or_default()
    }
}

impl Directory {
    fn person(&self, id: u64) -> Result<&Person> {
        self.persons
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| MiError::not_found("Person", id))
    }

    fn person_mut(&mut self, id: u64) -> Result<&mut Person> {
        self.persons
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| MiError::not_found("Person", id))
    }

    fn unique_name(&self, name: Option<&str>, except: Option<u64>) -> Result<()> {
        match name {
            Some(name)
                if self
                    .persons
                    .iter()
                    .any(|p| p.name.as_deref() == Some(name) && Some(p.id) != except) =>
            {
                Err(MiError::invalid(format!(
                    "Person name {name} already exists."
                )))
            }
            _ => Ok(()),
        }
    }

    fn tags_json(&self, id: u64) -> Result<Value> {
        let person = self.person(id)?;
        let tags: Vec<Value> = self
            .tags
            .iter()
            .filter(|t| person.tags.contains(&t.id))
            .map(|t| json!({"id": t.id, "name": t.name}))
            .collect();
        Ok(json!({"personId": id, "tagList": tags}))
    }
}

/// The persons whose faces share words with `face`, best first: score 80 plus 20 times the share
/// of their face's words in `face`.
fn ranked(
    dir: &Directory,
    face: &[String],
    except: Option<u64>,
    count: u64,
    threshold: u64,
) -> Vec<Value> {
    let mut scored: Vec<(u64, u64, Value)> = dir
        .persons
        .iter()
        .filter(|p| Some(p.id) != except && !p.thumbnails.is_empty())
        .filter_map(|p| {
            let theirs = p.face();
            let shared = theirs.iter().filter(|w| face.contains(w)).count();
            if shared == 0 {
                return None;
            }
            let score = 80 + (20 * shared / theirs.len().max(1)) as u64;
            (score >= threshold).then(|| {
                (
                    score,
                    p.id,
                    json!({"personId": p.id, "name": p.name, "score": score}),
                )
            })
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(count as usize)
        .map(|(_, _, v)| v)
        .collect()
}

/// The thumbnails of a create or add call: completed uploads of this workspace, at most 100, at
/// most one primary.
fn new_thumbnails(data: &mut PersonData, cx: &Context<'_>, given: &[Value]) -> Result<Vec<Thumb>> {
    if given.len() > 100 {
        return Err(MiError::invalid("thumbnails takes at most 100 items."));
    }
    let mut thumbs = Vec::new();
    for t in given {
        let key = text(t, "thumbnailKey")?;
        let words = cx
            .uploads
            .completed_words(UploadKind::Thumbnail, Some(cx.ws), key)?;
        thumbs.push(Thumb {
            id: data.next_id(),
            key: key.to_owned(),
            primary: t["isPrimaryThumbnail"].as_bool().unwrap_or(false),
            words,
        });
    }
    if thumbs.iter().filter(|t| t.primary).count() > 1 {
        return Err(MiError::invalid("At most one thumbnail can be primary."));
    }
    Ok(thumbs)
}

/// An optional text field of 1 to `max` characters, not blank; `null` reads as absent.
fn optional_text(body: &Value, field: &str, max: usize) -> Result<Option<String>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= max => {
            Ok(Some(s.clone()))
        }
        Some(_) => Err(MiError::invalid(format!(
            "{field} must be 1 to {max} characters, not blank."
        ))),
    }
}

/// A required list of ids.
fn id_list(body: &Value, field: &str) -> Result<Vec<u64>> {
    body.get(field)
        .and_then(Value::as_array)
        .and_then(|ids| ids.iter().map(Value::as_u64).collect())
        .ok_or_else(|| MiError::invalid(format!("{field} must be a list of ids.")))
}

/// The name filter of the listings: 2 to 50 characters, none of `;`, `|` or backtick.
fn name_filter(name: &str) -> Result<()> {
    if !(2..=50).contains(&name.chars().count()) || name.contains([';', '|', '`']) {
        return Err(MiError::invalid(
            "name must be 2 to 50 characters, without ; | or `.",
        ));
    }
    Ok(())
}

/// A query parameter, percent-decoded.
fn decoded(request: &ApiRequest, name: &str) -> Option<String> {
    request
        .query_param(name)
        .map(|v| percent_decode_str(v).decode_utf8_lossy().into_owned())
}

fn number_param(
    raw: Option<&str>,
    name: &str,
    allowed: std::ops::RangeInclusive<u64>,
    default: u64,
) -> Result<u64> {
    match raw {
        None => Ok(default),
        Some(raw) => number_value(
            &raw.parse::<u64>().map_or(Value::Bool(false), Value::from),
            name,
            allowed,
            default,
        ),
    }
}

fn number_value(
    value: &Value,
    name: &str,
    allowed: std::ops::RangeInclusive<u64>,
    default: u64,
) -> Result<u64> {
    match value {
        Value::Null => Ok(default),
        value => value
            .as_u64()
            .filter(|n| allowed.contains(n))
            .ok_or_else(|| {
                MiError::invalid(format!(
                    "{name} must be between {} and {}.",
                    allowed.start(),
                    allowed.end()
                ))
            }),
    }
}

/// Numbers by value, strings by text, `null` first.
fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or_default()
            .total_cmp(&y.as_f64().unwrap_or_default()),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Null, Value::Null) => std::cmp::Ordering::Equal,
        (Value::Null, _) => std::cmp::Ordering::Less,
        (_, Value::Null) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(must: &[&str], any: &[&str], not: &[&str]) -> PersonFilter {
        let faces = |names: &[&str]| names.iter().map(|n| words(n)).collect();
        PersonFilter {
            must: faces(must),
            any: faces(any),
            not: faces(not),
        }
    }

    #[test]
    fn a_person_appears_where_every_word_of_its_face_is_a_keyword() {
        let keywords = words("alice and bob kim at the beach video");
        assert!(filter(&["Alice", "Bob Kim"], &[], &[]).admits(&keywords));
        assert!(!filter(&["Alice", "Carol"], &[], &[]).admits(&keywords));
        assert!(filter(&[], &["Carol", "Alice"], &[]).admits(&keywords));
        assert!(!filter(&[], &["Carol", "Dan"], &[]).admits(&keywords));
        assert!(!filter(&[], &[], &["Bob Kim"]).admits(&keywords));
        assert!(filter(&[], &[], &["Bob Lee"]).admits(&keywords));
        assert!(PersonFilter::default().admits(&keywords));
    }

    #[test]
    fn similar_persons_rank_by_shared_face_words() {
        let person = |id, name: &str| Person {
            id,
            name: Some(name.to_owned()),
            description: None,
            tags: BTreeSet::new(),
            thumbnails: vec![Thumb {
                id: id + 100,
                key: "k".into(),
                primary: true,
                words: Vec::new(),
            }],
            created: String::new(),
        };
        let dir = Directory {
            persons: vec![
                person(1, "Alice Kim"),
                person(2, "Alice"),
                person(3, "Kim Lee"),
                person(4, "Bob"),
            ],
            tags: Vec::new(),
        };
        let found = ranked(&dir, &words("Alice Kim"), Some(1), 10, 80);
        let ids: Vec<&Value> = found.iter().map(|v| &v["personId"]).collect();
        assert_eq!(ids, [2, 3]);
        assert_eq!(found[0]["score"], 100);
        assert_eq!(found[1]["score"], 90);
        assert!(ranked(&dir, &words("Alice Kim"), Some(1), 10, 95).len() == 1);
        assert!(ranked(&dir, &words("Alice Kim"), Some(1), 1, 80).len() == 1);
    }
}
