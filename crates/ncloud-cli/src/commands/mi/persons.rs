//! `ncloud mi persons ...` and `ncloud mi person-tags ...`: the command line, what each command
//! does, and how persons and tags show as table rows.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use ncloud_mi::{
    MergedPersons, NameType, NewThumbnail, Person, PersonFilter, PersonSearch, PersonSortColumn,
    PersonTag, PersonTagFilter, PersonTags, PersonThumbnails, SimilarPerson, SortType,
};

use super::args::OutputArgs;
use super::image_file;
use super::{done, print_list, print_one};
use crate::change;
use crate::cli::ListArgs;
use crate::commands::list::cell;
use crate::error::CliError;
use crate::render::{TableRow, output_format, write_all};

/// What `ncloud mi persons` can do.
#[derive(Debug, Subcommand)]
pub(crate) enum PersonsCommand {
    /// List the persons of a workspace.
    List {
        /// The workspace name.
        workspace: String,
        /// Only persons whose name matches (2 to 50 characters).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Only persons with this tag (repeatable, at most 30).
        #[arg(long = "tag", value_name = "TAG_ID")]
        tags: Vec<u64>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one person with its tags and thumbnails.
    Get {
        /// The workspace name.
        workspace: String,
        /// The person id.
        person_id: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Create a person, uploading its face thumbnails (the first is the primary one).
    Create {
        /// The workspace name.
        workspace: String,
        /// The name (1 to 50 characters); without one the person is anonymous.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// A description (1 to 700 characters).
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// A face image to upload (JPG, PNG or WebP, at most 5 MB; repeatable).
        #[arg(long = "thumbnail", value_name = "FILE")]
        thumbnails: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Change a person's name, description or primary thumbnail.
    Update {
        /// The workspace name.
        workspace: String,
        /// The person id.
        person_id: u64,
        /// The new name.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// The new description.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// The thumbnail (of this person) to make the primary one.
        #[arg(long, value_name = "THUMBNAIL_ID")]
        primary_thumbnail: Option<u64>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Delete a person.
    Delete {
        /// The workspace name.
        workspace: String,
        /// The person id.
        person_id: u64,
    },
    /// Tag a person (tags it has already are ignored); prints all its tags.
    Tag(TagArgs),
    /// Remove tags from a person; prints the tags left.
    Untag(TagArgs),
    /// Upload face images and add them to a person's thumbnails.
    AddThumbnail {
        /// The workspace name.
        workspace: String,
        /// The person id.
        person_id: u64,
        /// Face images (JPG, PNG or WebP, at most 5 MB each).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Make the first image the primary thumbnail.
        #[arg(long)]
        primary: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Remove thumbnails from a person (the last one cannot be removed).
    RemoveThumbnail {
        /// The workspace name.
        workspace: String,
        /// The person id.
        person_id: u64,
        /// The thumbnail ids.
        #[arg(required = true, value_name = "THUMBNAIL_ID")]
        thumbnail_ids: Vec<u64>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Search persons by name, id, tag and kind, in an order (10 a page, at most 50).
    Search {
        /// The workspace name.
        workspace: String,
        /// Persons whose name matches (2 to 50 characters).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Only this person (repeatable).
        #[arg(long = "person", value_name = "ID")]
        persons: Vec<u64>,
        /// Only persons with this tag (repeatable).
        #[arg(long = "tag", value_name = "TAG_ID")]
        tags: Vec<u64>,
        /// Only named or only anonymous persons.
        #[arg(long, value_enum, value_name = "KIND")]
        kind: Option<Kind>,
        /// The order [service default: assets].
        #[arg(long, value_enum, value_name = "COLUMN")]
        sort: Option<Sort>,
        /// Smallest first [service default: largest first].
        #[arg(long)]
        ascending: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Merge persons into one (irreversible): their assets, scenes and thumbnails move to KEEP.
    Merge {
        /// The workspace name.
        workspace: String,
        /// The person kept.
        keep: u64,
        /// The persons merged into it (1 to 10).
        #[arg(required = true, value_name = "PERSON_ID")]
        merged: Vec<u64>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The persons whose faces look most like this one's.
    Similar {
        /// The workspace name.
        workspace: String,
        /// The person id.
        person_id: u64,
        #[command(flatten)]
        limits: MatchArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Upload a face image and show the existing persons it looks like (before creating one).
    Recommend {
        /// The workspace name.
        workspace: String,
        /// A face image (JPG, PNG or WebP, at most 5 MB).
        file: PathBuf,
        #[command(flatten)]
        limits: MatchArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// `WORKSPACE PERSON TAG...` of `tag` and `untag`.
#[derive(Debug, Args)]
pub(crate) struct TagArgs {
    /// The workspace name.
    workspace: String,
    /// The person id.
    person_id: u64,
    /// The tag ids.
    #[arg(required = true, value_name = "TAG_ID")]
    tag_ids: Vec<u64>,
    #[command(flatten)]
    output: OutputArgs,
}

/// How many similar persons, and how similar.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct MatchArgs {
    /// At most this many persons (1 to 10) [service default: 3].
    #[arg(long, value_name = "N")]
    count: Option<u32>,
    /// Only persons at least this similar (80 to 100) [service default: 80].
    #[arg(long, value_name = "SCORE")]
    min_score: Option<u32>,
}

/// Named or anonymous persons, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Kind {
    /// Persons with a name.
    Named,
    /// Persons without one.
    Anonymous,
}

/// The order of a person search, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Sort {
    /// By how many assets the person appears in.
    Assets,
    /// By creation time.
    Created,
    /// By id.
    Id,
    /// By name.
    Name,
}

/// What `ncloud mi person-tags` can do.
#[derive(Debug, Subcommand)]
pub(crate) enum PersonTagsCommand {
    /// List the person tags of a workspace (10 a page by default, at most 50).
    List {
        /// The workspace name.
        workspace: String,
        /// Only the tag with this id.
        #[arg(long, value_name = "TAG_ID")]
        id: Option<u64>,
        /// Only tags whose name matches (1 to 30 characters).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Create a person tag (1 to 30 characters, unique in the workspace).
    Create {
        /// The workspace name.
        workspace: String,
        /// The tag name.
        name: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Delete a person tag (the persons stay).
    Delete {
        /// The workspace name.
        workspace: String,
        /// The tag id.
        tag_id: u64,
    },
}

/// Uploads each file as a thumbnail of `workspace`; the first is primary when `primary`.
async fn upload_thumbnails(
    mi: &ncloud_mi::Client,
    workspace: &str,
    files: &[PathBuf],
    primary: bool,
) -> Result<Vec<NewThumbnail>, CliError> {
    // Every file is read (and refused if too large) before the first upload.
    let mut images = Vec::new();
    for path in files {
        images.push(image_file::read(path).await?);
    }
    let mut thumbnails = Vec::new();
    for (i, image) in images.into_iter().enumerate() {
        let key = mi
            .upload_person_thumbnail(workspace, &image.name, image.bytes)
            .await?;
        thumbnails.push(NewThumbnail::new(key, primary && i == 0));
    }
    Ok(thumbnails)
}

pub(crate) async fn persons(
    mi: &ncloud_mi::Client,
    command: &PersonsCommand,
    out: impl Write + Send,
) -> Result<(), CliError> {
    match command {
        PersonsCommand::List {
            workspace,
            name,
            tags,
            list,
        } => {
            let mut filter = PersonFilter::new();
            if let Some(name) = name {
                filter = filter.name(name);
            }
            for tag in tags {
                filter = filter.tag(*tag);
            }
            print_list(mi.list_persons(workspace, filter), list, "persons", out).await
        }
        PersonsCommand::Get {
            workspace,
            person_id,
            output,
        } => print_one(&mi.get_person(workspace, *person_id).await?, *output, out),
        PersonsCommand::Create {
            workspace,
            name,
            description,
            thumbnails,
            output,
        } => {
            let mut create = mi.create_person(workspace);
            if let Some(name) = name {
                create = create.name(name);
            }
            if let Some(description) = description {
                create = create.description(description);
            }
            // The inputs are checked before any image is uploaded.
            create.validate()?;
            for thumbnail in upload_thumbnails(mi, workspace, thumbnails, true).await? {
                create = create.thumbnail(thumbnail);
            }
            let created = create.await.map_err(|error| {
                change::after_change(error, &["mi", "persons", "list", workspace])
            })?;
            print_one(&created, *output, out)
        }
        PersonsCommand::Update {
            workspace,
            person_id,
            name,
            description,
            primary_thumbnail,
            output,
        } => {
            let mut update = mi.update_person(workspace, *person_id);
            if let Some(name) = name {
                update = update.name(name);
            }
            if let Some(description) = description {
                update = update.description(description);
            }
            if let Some(id) = primary_thumbnail {
                update = update.primary_thumbnail(*id);
            }
            print_one(&update.await?, *output, out)
        }
        PersonsCommand::Delete {
            workspace,
            person_id,
        } => {
            mi.delete_person(workspace, *person_id).await?;
            done(&format!(
                "deleted person {person_id} of workspace {workspace}"
            ))
        }
        PersonsCommand::Tag(args) => {
            let tags = mi
                .add_person_tags(&args.workspace, args.person_id, &args.tag_ids)
                .await?;
            print_one(&tags, args.output, out)
        }
        PersonsCommand::Untag(args) => {
            let tags = mi
                .remove_person_tags(&args.workspace, args.person_id, &args.tag_ids)
                .await?;
            print_one(&tags, args.output, out)
        }
        PersonsCommand::AddThumbnail {
            workspace,
            person_id,
            files,
            primary,
            output,
        } => {
            let thumbnails = upload_thumbnails(mi, workspace, files, *primary).await?;
            let all = mi
                .add_person_thumbnails(workspace, *person_id, &thumbnails)
                .await?;
            print_one(&all, *output, out)
        }
        PersonsCommand::RemoveThumbnail {
            workspace,
            person_id,
            thumbnail_ids,
            output,
        } => {
            let left = mi
                .remove_person_thumbnails(workspace, *person_id, thumbnail_ids)
                .await?;
            print_one(&left, *output, out)
        }
        PersonsCommand::Search {
            workspace,
            name,
            persons,
            tags,
            kind,
            sort,
            ascending,
            list,
        } => {
            let mut search = PersonSearch::new();
            if let Some(name) = name {
                search = search.name(name);
            }
            for person in persons {
                search = search.person(*person);
            }
            for tag in tags {
                search = search.tag(*tag);
            }
            if let Some(kind) = kind {
                search = search.name_type(match kind {
                    Kind::Named => NameType::Named,
                    Kind::Anonymous => NameType::Anonymous,
                });
            }
            if sort.is_some() || *ascending {
                let column = match sort.unwrap_or(Sort::Assets) {
                    Sort::Assets => PersonSortColumn::AssetCount,
                    Sort::Created => PersonSortColumn::CreatedAt,
                    Sort::Id => PersonSortColumn::PersonId,
                    Sort::Name => PersonSortColumn::Name,
                };
                let direction = if *ascending {
                    SortType::Asc
                } else {
                    SortType::Desc
                };
                search = search.sort(column, direction);
            }
            print_list(mi.search_persons(workspace, search), list, "persons", out).await
        }
        PersonsCommand::Merge {
            workspace,
            keep,
            merged,
            output,
        } => print_one(
            &mi.merge_persons(workspace, *keep, merged).await?,
            *output,
            out,
        ),
        PersonsCommand::Similar {
            workspace,
            person_id,
            limits,
            output,
        } => {
            let found = limits
                .apply(mi.similar_persons(workspace, *person_id))
                .await?;
            print_matches(&found.similar_persons, *output, out)
        }
        PersonsCommand::Recommend {
            workspace,
            file,
            limits,
            output,
        } => {
            let image = image_file::read(file).await?;
            // The limits are checked before the image is uploaded.
            limits
                .apply(mi.recommend_persons(workspace, image.name.as_str()))
                .validate()?;
            let key = mi
                .upload_person_thumbnail(workspace, &image.name, image.bytes)
                .await?;
            let found = limits.apply(mi.recommend_persons(workspace, key)).await?;
            print_matches(&found.persons, *output, out)
        }
    }
}

/// The two calls that take a person count and a score threshold.
trait MatchLimits: Sized {
    fn count(self, count: u32) -> Self;
    fn score_threshold(self, score: u32) -> Self;
}

impl MatchLimits for ncloud_mi::SimilarPersons {
    fn count(self, count: u32) -> Self {
        self.count(count)
    }
    fn score_threshold(self, score: u32) -> Self {
        self.score_threshold(score)
    }
}

impl MatchLimits for ncloud_mi::RecommendPersons {
    fn count(self, count: u32) -> Self {
        self.count(count)
    }
    fn score_threshold(self, score: u32) -> Self {
        self.score_threshold(score)
    }
}

impl MatchArgs {
    /// `--count` and `--min-score` on `call`, where given.
    fn apply<C: MatchLimits>(self, mut call: C) -> C {
        if let Some(count) = self.count {
            call = call.count(count);
        }
        if let Some(score) = self.min_score {
            call = call.score_threshold(score);
        }
        call
    }
}

/// Persons found similar, best first.
fn print_matches(
    persons: &[SimilarPerson],
    output: OutputArgs,
    out: impl Write,
) -> Result<(), CliError> {
    write_all(out, output_format(output.output), persons)?;
    Ok(())
}

pub(crate) async fn person_tags(
    mi: &ncloud_mi::Client,
    command: &PersonTagsCommand,
    out: impl Write + Send,
) -> Result<(), CliError> {
    match command {
        PersonTagsCommand::List {
            workspace,
            id,
            name,
            list,
        } => {
            let mut filter = PersonTagFilter::new();
            if let Some(id) = id {
                filter = filter.id(*id);
            }
            if let Some(name) = name {
                filter = filter.name(name);
            }
            print_list(
                mi.list_person_tags(workspace, filter),
                list,
                "person tags",
                out,
            )
            .await
        }
        PersonTagsCommand::Create {
            workspace,
            name,
            output,
        } => {
            let created = mi
                .create_person_tag(workspace, name)
                .await
                .map_err(|error| {
                    change::after_change(error, &["mi", "person-tags", "list", workspace])
                })?;
            print_one(&created, *output, out)
        }
        PersonTagsCommand::Delete { workspace, tag_id } => {
            mi.delete_person_tag(workspace, *tag_id).await?;
            done(&format!(
                "deleted person tag {tag_id} of workspace {workspace}"
            ))
        }
    }
}

impl TableRow for Person {
    const HEADERS: &'static [&'static str] = &["PERSON ID", "NAME", "TAGS", "THUMBNAILS", "ASSETS"];

    fn cells(&self) -> Vec<String> {
        let tags: Vec<&str> = self.tags.iter().map(|t| t.name.as_str()).collect();
        vec![
            self.id.to_string(),
            self.name
                .clone()
                .unwrap_or_else(|| "(anonymous)".to_owned()),
            if tags.is_empty() {
                "-".to_owned()
            } else {
                tags.join(",")
            },
            self.thumbnails.len().to_string(),
            cell(self.asset_count),
        ]
    }
}

impl TableRow for PersonTag {
    const HEADERS: &'static [&'static str] = &["TAG ID", "NAME", "CREATED BY", "CREATED"];

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            cell(self.created_user_name.as_ref()),
            cell(self.created_time.as_ref()),
        ]
    }
}

impl TableRow for PersonTags {
    const HEADERS: &'static [&'static str] = &["PERSON ID", "TAGS"];

    fn cells(&self) -> Vec<String> {
        let tags: Vec<String> = self
            .tags
            .iter()
            .map(|t| format!("{} {}", t.id, t.name))
            .collect();
        vec![cell(self.person_id), tags.join(", ")]
    }
}

impl TableRow for PersonThumbnails {
    const HEADERS: &'static [&'static str] = &["PERSON ID", "THUMBNAILS (* primary)"];

    fn cells(&self) -> Vec<String> {
        let thumbnails: Vec<String> = self
            .thumbnails
            .iter()
            .map(|t| match t.is_primary_thumbnail {
                Some(true) => format!("{}*", t.id),
                _ => t.id.to_string(),
            })
            .collect();
        vec![cell(self.person_id), thumbnails.join(", ")]
    }
}

impl TableRow for MergedPersons {
    const HEADERS: &'static [&'static str] =
        &["PERSON ID", "ASSETS MOVED", "THUMBNAILS MOVED", "MERGED"];

    fn cells(&self) -> Vec<String> {
        vec![
            self.person_id.to_string(),
            cell(self.transferred_asset_count),
            cell(self.transferred_thumbnail_count),
            cell(self.merged_time.as_ref()),
        ]
    }
}

impl TableRow for SimilarPerson {
    const HEADERS: &'static [&'static str] = &["PERSON ID", "NAME", "SCORE"];

    fn cells(&self) -> Vec<String> {
        vec![
            self.person_id.to_string(),
            cell(self.name.as_ref()),
            cell(self.score),
        ]
    }
}
