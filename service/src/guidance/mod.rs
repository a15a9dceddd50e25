//! The guidance library: loading the articles from the content folder, finding them by topic,
//! audience and search, recommending them after a check-in, and the anonymous "was this
//! helpful?" answers.
//!
//! The shared library is the operator's: the content files, loaded at start-up. Several
//! employers share an installation and do not trust each other's editors, so an employer's
//! editors change an article by keeping their own version of it, which only that employer's
//! people read (`Reader`); every version is kept with who wrote it. Answers to "was this
//! helpful?" go to the editors of the reader's employer alone.
//!
//! Search stems words in Rust (Snowball, Swedish and English) and lets the database rank the
//! stems: SQLite's FTS5 with bm25, or PostgreSQL's full-text search with ts_rank, behind the
//! same function. Unknown words are corrected to the nearest word in the library first.

mod contacts;
pub mod text;

pub use contacts::{
    check_contacts, contacts, employer_contacts, replace_own_contacts, set_employer_contacts,
    Contact, ContactInput,
};

use crate::entity::{guidance_article, guidance_feedback, guidance_override, guidance_version};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::guidance::{parse_article, Audience, ContactKind, FrontMatter, Language, Topic};
use domain::EmployerId;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Statement,
};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use text::Segment;

/// An article as people read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub slug: String,
    pub language: Language,
    pub title: String,
    pub summary: String,
    pub topics: Vec<Topic>,
    pub audience: Audience,
    pub reviewed: NaiveDate,
    pub related: Vec<ArticleLine>,
    pub contacts: Vec<ContactKind>,
    /// Safe HTML: rendered from Markdown with raw HTML escaped.
    pub body_html: String,
}

/// An article in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleLine {
    pub slug: String,
    pub language: Language,
    pub title: String,
    pub summary: String,
    pub topics: Vec<Topic>,
    pub audience: Audience,
}

/// A search result: the article, with its matching words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub article: ArticleLine,
    pub title: Vec<Segment>,
    pub summary: Vec<Segment>,
    /// A piece of the text around the first match, when the match is in the text.
    pub snippet: Option<Vec<Segment>>,
}

/// What a list or search is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub topic: Option<Topic>,
    pub audience: Option<Audience>,
}

/// What loading the content folder did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub retired: usize,
    /// `file: line N: problem`, one per file that could not be loaded.
    pub errors: Vec<String>,
}

/// An article read from a file, checked and rendered, ready to store.
#[derive(Clone, Debug)]
struct Loaded {
    /// The file's name under the content folder, for the version history.
    file: String,
    front: FrontMatter,
    markdown: String,
    html: String,
    text: String,
    hash: String,
}

/// Most results a search returns.
pub const SEARCH_LIMIT: usize = 30;

/// Reads every `*.md` file under `dir` (in any sub-folder), stores new and changed articles,
/// and retires file articles whose file is gone. A broken file is reported and skipped; it
/// never stops the others, and its earlier version stays in place.
pub async fn load_dir(db: &Db, dir: &Path, now: DateTime<Utc>) -> Result<LoadReport, StoreError> {
    let mut report = LoadReport::default();
    if let Err(e) = std::fs::read_dir(dir) {
        // Without the folder nothing can be told apart from "every file was removed": keep
        // the library as it is rather than retire all of it.
        report.errors.push(format!("{}: {e}", dir.display()));
        tracing::warn!(dir = %dir.display(), error = %e, "guidance folder unreadable; library left as it was");
        return Ok(report);
    }
    let mut files = vec![];
    collect_markdown(dir, dir, &mut files, &mut report.errors);
    files.sort();
    let mut loaded: Vec<Loaded> = vec![];
    let mut seen: HashMap<(String, Language), String> = HashMap::new();
    // Files that failed still count as present: their article is not retired for a typo.
    let mut present: HashSet<(String, Language)> = HashSet::new();
    for (name, bytes) in files {
        let text = match String::from_utf8(bytes.clone()) {
            Ok(t) => t,
            Err(_) => {
                report.errors.push(format!("{name}: not UTF-8 text"));
                continue;
            }
        };
        match parse_article(&text) {
            Ok((front, body)) => {
                let key = (front.slug.clone(), front.language);
                if let Some(first) = seen.get(&key) {
                    report.errors.push(format!(
                        "{name}: line 2: the slug '{}' in {} is also used by {first}",
                        front.slug,
                        front.language.code()
                    ));
                    continue;
                }
                seen.insert(key.clone(), name.clone());
                present.insert(key);
                loaded.push(render(name.clone(), front, body, &bytes));
            }
            Err(e) => {
                if let Some(key) = slug_of(&text) {
                    present.insert(key);
                }
                report.errors.push(format!("{name}: {e}"));
            }
        }
    }
    for e in &report.errors {
        tracing::warn!(problem = %e, "guidance article not loaded");
    }
    let counts = db
        .write(move |txn| {
            let (loaded, present) = (loaded.clone(), present.clone());
            Box::pin(async move { store(txn, &loaded, &present, now).await })
        })
        .await?;
    report.added = counts[0];
    report.updated = counts[1];
    report.unchanged = counts[2];
    report.retired = counts[3];
    tracing::info!(
        added = report.added,
        updated = report.updated,
        retired = report.retired,
        problems = report.errors.len(),
        "guidance library loaded"
    );
    Ok(report)
}

fn collect_markdown(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, Vec<u8>)>,
    errors: &mut Vec<String>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_markdown(root, &path, out, errors);
        } else if path.extension().is_some_and(|e| e == "md") {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(&path) {
                Ok(bytes) => out.push((name, bytes)),
                Err(e) => errors.push(format!("{name}: {e}")),
            }
        }
    }
}

/// The slug and language of a file whose front matter is otherwise broken, if they can be read.
fn slug_of(text: &str) -> Option<(String, Language)> {
    let field = |key: &str| {
        text.lines().take(40).find_map(|l| {
            l.strip_prefix(key)
                .map(|v| v.trim().trim_matches('"').to_owned())
        })
    };
    Some((field("slug:")?, Language::parse(&field("language:")?)?))
}

/// What loading runs on one file of the library: front matter, then Markdown to HTML with
/// links and images filtered. For the fuzz targets.
#[cfg(fuzzing)]
pub fn fuzz_article(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = slug_of(text);
        if let Ok((front, body)) = parse_article(text) {
            render(String::new(), front, body, bytes);
        }
    }
}

fn render(file: String, front: FrontMatter, body: &str, bytes: &[u8]) -> Loaded {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Raw HTML in a file or an editor's text is shown as text, never run as markup. A link with
    // a scheme other than http(s), mailto or tel keeps only its text, and an image from another
    // site only its description (`domain::guidance::allowed_link`, `allowed_image`). Links do
    // not nest, and an image's description holds no image, so one flag each finds their ends.
    let (mut in_dropped_link, mut in_dropped_image) = (false, false);
    let events = Parser::new_ext(body, options).filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { ref dest_url, .. })
            if !domain::guidance::allowed_link(dest_url) =>
        {
            in_dropped_link = true;
            None
        }
        Event::End(TagEnd::Link) if in_dropped_link => {
            in_dropped_link = false;
            None
        }
        Event::Start(Tag::Image { ref dest_url, .. })
            if !domain::guidance::allowed_image(dest_url) =>
        {
            in_dropped_image = true;
            None
        }
        Event::End(TagEnd::Image) if in_dropped_image => {
            in_dropped_image = false;
            None
        }
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let mut text = String::new();
    for e in Parser::new_ext(body, options) {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Loaded {
        file,
        front,
        markdown: body.trim().to_owned(),
        html,
        text,
        hash: hex::encode(Sha256::digest(bytes)),
    }
}

fn join<T>(items: &[T], code: impl Fn(&T) -> &str) -> String {
    items.iter().map(code).collect::<Vec<_>>().join(" ")
}

/// [added, updated, unchanged, retired]
async fn store(
    txn: &DatabaseTransaction,
    loaded: &[Loaded],
    present: &HashSet<(String, Language)>,
    now: DateTime<Utc>,
) -> Result<[usize; 4], DbErr> {
    use sea_orm::QuerySelect;
    let mut counts = [0usize; 4];
    let shared_versions: HashMap<uuid::Uuid, i32> = guidance_version::Entity::find()
        .select_only()
        .column(guidance_version::Column::ArticleId)
        .column_as(guidance_version::Column::Version.max(), "latest")
        .filter(guidance_version::Column::EmployerId.is_null())
        .group_by(guidance_version::Column::ArticleId)
        .into_tuple::<(uuid::Uuid, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let existing: HashMap<(String, String), guidance_article::Model> =
        guidance_article::Entity::find()
            .all(txn)
            .await?
            .into_iter()
            .map(|a| ((a.slug.clone(), a.language.clone()), a))
            .collect();
    for l in loaded {
        let f = &l.front;
        let key = (f.slug.clone(), f.language.code().to_owned());
        let id = match existing.get(&key) {
            Some(old) if old.file_hash.as_deref() == Some(l.hash.as_str()) && !old.retired => {
                counts[2] += 1;
                continue;
            }
            Some(old) => {
                counts[1] += 1;
                old.id
            }
            None => {
                counts[0] += 1;
                uuid::Uuid::new_v4()
            }
        };
        let row = guidance_article::ActiveModel {
            id: Set(id),
            slug: Set(f.slug.clone()),
            language: Set(f.language.code().into()),
            title: Set(f.title.clone()),
            summary: Set(f.summary.clone()),
            topics: Set(join(&f.topics, |t| t.code())),
            audience: Set(f.audience.code().into()),
            reviewed: Set(f.reviewed),
            related: Set(f.related.join(" ")),
            contacts: Set(join(&f.contacts, |c| c.code())),
            body_markdown: Set(l.markdown.clone()),
            body_html: Set(l.html.clone()),
            body_text: Set(l.text.clone()),
            source: Set("file".into()),
            file_hash: Set(Some(l.hash.clone())),
            retired: Set(false),
            updated_at: Set(now),
        };
        if existing.contains_key(&key) {
            guidance_article::Entity::update(row).exec(txn).await?;
        } else {
            guidance_article::Entity::insert(row)
                .exec_without_returning(txn)
                .await?;
        }
        index(txn, id, None, f, &l.text).await?;
        let version = shared_versions.get(&id).copied().unwrap_or(0) + 1;
        let mut row = version_row(id, None, version, "file", f, &l.markdown, now);
        row.file = Set(Some(l.file.clone()));
        guidance_version::Entity::insert(row)
            .exec_without_returning(txn)
            .await?;
    }
    for old in existing.values() {
        let Some(lang) = Language::parse(&old.language) else {
            continue;
        };
        if old.source == "file" && !old.retired && !present.contains(&(old.slug.clone(), lang)) {
            guidance_article::Entity::update_many()
                .col_expr(
                    guidance_article::Column::Retired,
                    sea_orm::sea_query::Expr::value(true),
                )
                .col_expr(
                    guidance_article::Column::UpdatedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(guidance_article::Column::Id.eq(old.id))
                .exec(txn)
                .await?;
            unindex(txn, old.id, None).await?;
            counts[3] += 1;
        }
    }
    Ok(counts)
}

/// One version for the history, by no one yet (the caller names the author or the file).
fn version_row(
    article: uuid::Uuid,
    employer: Option<EmployerId>,
    version: i32,
    kind: &str,
    f: &FrontMatter,
    markdown: &str,
    now: DateTime<Utc>,
) -> guidance_version::ActiveModel {
    guidance_version::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        article_id: Set(article),
        employer_id: Set(employer.map(|e| e.as_uuid())),
        version: Set(version),
        kind: Set(kind.into()),
        title: Set(f.title.clone()),
        summary: Set(f.summary.clone()),
        topics: Set(join(&f.topics, |t| t.code())),
        audience: Set(f.audience.code().into()),
        body_markdown: Set(markdown.into()),
        author: Set(None),
        file: Set(None),
        created_at: Set(now),
    }
}

/// Whose library someone reads: the shared text, with their employer's own versions over it.
/// `None` for someone not signed in.
pub type Reader = Option<EmployerId>;

/// The reader's employer's own versions, by article.
async fn own_versions(
    conn: &impl ConnectionTrait,
    reader: Reader,
) -> Result<HashMap<uuid::Uuid, guidance_override::Model>, DbErr> {
    let Some(employer) = reader else {
        return Ok(HashMap::new());
    };
    Ok(guidance_override::Entity::find()
        .filter(guidance_override::Column::EmployerId.eq(employer.as_uuid()))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.article_id, o))
        .collect())
}

/// An article as the reader reads it: their employer's own version over the shared text.
fn as_read(
    row: &guidance_article::Model,
    own: &HashMap<uuid::Uuid, guidance_override::Model>,
) -> guidance_article::Model {
    let mut row = row.clone();
    if let Some(o) = own.get(&row.id) {
        row.title = o.title.clone();
        row.summary = o.summary.clone();
        row.topics = o.topics.clone();
        row.audience = o.audience.clone();
        row.reviewed = o.reviewed;
        row.body_markdown = o.body_markdown.clone();
        row.body_html = o.body_html.clone();
        row.body_text = o.body_text.clone();
    }
    row
}

fn statement(txn: &impl ConnectionTrait, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(txn.get_database_backend(), sql, values)
}

/// The search index's owner column: '' for the shared text, else the employer whose version
/// it is.
fn owner(employer: Option<EmployerId>) -> String {
    employer.map_or_else(String::new, |e| e.as_uuid().to_string())
}

async fn unindex(
    txn: &impl ConnectionTrait,
    id: uuid::Uuid,
    employer: Option<EmployerId>,
) -> Result<(), DbErr> {
    let sql = match txn.get_database_backend() {
        DbBackend::Postgres => {
            "DELETE FROM guidance_search WHERE article_id = $1 AND employer_id = $2"
        }
        _ => "DELETE FROM guidance_search WHERE article_id = ? AND employer_id = ?",
    };
    txn.execute_raw(statement(txn, sql, vec![id.into(), owner(employer).into()]))
        .await?;
    Ok(())
}

/// Writes the stems of an article's shared text, or of an employer's version of it, to the
/// search index: title, summary and topics weigh more than the text.
async fn index(
    txn: &impl ConnectionTrait,
    id: uuid::Uuid,
    employer: Option<EmployerId>,
    f: &FrontMatter,
    body_text: &str,
) -> Result<(), DbErr> {
    let (lang, title, summary, topics) = (f.language, &f.title, &f.summary, &f.topics);
    unindex(txn, id, employer).await?;
    let topic_words = topics
        .iter()
        .map(|t| t.code().replace('-', " "))
        .collect::<Vec<_>>()
        .join(" ");
    let title_terms = text::index_terms(lang, &format!("{title} {summary} {topic_words}"));
    let body_terms = text::index_terms(lang, body_text);
    let sql = match txn.get_database_backend() {
        DbBackend::Postgres => {
            "INSERT INTO guidance_search \
             (article_id, employer_id, language, title_terms, body_terms) \
             VALUES ($1, $2, $3, $4, $5)"
        }
        _ => {
            "INSERT INTO guidance_search \
             (article_id, employer_id, language, title_terms, body_terms) \
             VALUES (?, ?, ?, ?, ?)"
        }
    };
    txn.execute_raw(statement(
        txn,
        sql,
        vec![
            id.into(),
            owner(employer).into(),
            lang.code().into(),
            title_terms.into(),
            body_terms.into(),
        ],
    ))
    .await?;
    Ok(())
}

fn line(a: &guidance_article::Model) -> Option<ArticleLine> {
    Some(ArticleLine {
        slug: a.slug.clone(),
        language: Language::parse(&a.language)?,
        title: a.title.clone(),
        summary: a.summary.clone(),
        topics: a.topics.split(' ').filter_map(Topic::parse).collect(),
        audience: Audience::parse(&a.audience)?,
    })
}

fn wanted(l: &ArticleLine, filter: &Filter) -> bool {
    filter.topic.is_none_or(|t| l.topics.contains(&t))
        && filter.audience.is_none_or(|a| l.audience.serves(a))
}

/// The library in one language as the reader reads it, by title, narrowed by the filter.
pub async fn list(
    db: &Db,
    reader: Reader,
    lang: Language,
    filter: &Filter,
) -> Result<Vec<ArticleLine>, StoreError> {
    let rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Language.eq(lang.code()))
        .filter(guidance_article::Column::Retired.eq(false))
        .all(db.conn())
        .await?;
    let own = own_versions(db.conn(), reader).await?;
    let mut lines: Vec<ArticleLine> = rows
        .iter()
        .filter_map(|r| line(&as_read(r, &own)))
        .filter(|l| wanted(l, filter))
        .collect();
    // By the title the reader sees, which their employer may have changed.
    lines.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(lines)
}

/// The article a reader means by a slug: in `lang` if it is written in it, else in the other
/// language.
async fn find_slug(
    db: &Db,
    slug: &str,
    lang: Language,
) -> Result<Option<guidance_article::Model>, StoreError> {
    let rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Slug.eq(slug))
        .filter(guidance_article::Column::Retired.eq(false))
        .all(db.conn())
        .await?;
    Ok(rows
        .iter()
        .find(|r| r.language == lang.code())
        .or(rows.first())
        .cloned())
}

/// One article as the reader reads it, in `lang` if it is written in it, else in the other
/// language.
pub async fn get(
    db: &Db,
    reader: Reader,
    slug: &str,
    lang: Language,
) -> Result<Option<Article>, StoreError> {
    let Some(row) = find_slug(db, slug, lang).await? else {
        return Ok(None);
    };
    let own = own_versions(db.conn(), reader).await?;
    let row = &as_read(&row, &own);
    let Some(l) = line(row) else {
        return Ok(None);
    };
    let related_slugs: Vec<&str> = row.related.split(' ').filter(|s| !s.is_empty()).collect();
    let related_rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Slug.is_in(related_slugs.clone()))
        .filter(guidance_article::Column::Language.eq(row.language.clone()))
        .filter(guidance_article::Column::Retired.eq(false))
        .all(db.conn())
        .await?;
    // In the order the article lists them.
    let related = related_slugs
        .iter()
        .filter_map(|s| related_rows.iter().find(|r| r.slug == *s))
        .filter_map(|r| line(&as_read(r, &own)))
        .collect();
    Ok(Some(Article {
        slug: l.slug,
        language: l.language,
        title: l.title,
        summary: l.summary,
        topics: l.topics,
        audience: l.audience,
        reviewed: row.reviewed,
        related,
        contacts: row
            .contacts
            .split(' ')
            .filter_map(ContactKind::parse)
            .collect(),
        body_html: row.body_html.clone(),
    }))
}

/// Every word the shared library uses in each language, for correcting typos; rebuilt when
/// the library changes. An employer's own versions add their words for that employer's
/// readers only (`own_words`), so no one's corrections point at another employer's text.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    version: (i64, Option<DateTime<Utc>>),
    words: HashMap<Language, HashSet<String>>,
}

async fn vocabulary(db: &Db, lang: Language) -> Result<HashSet<String>, StoreError> {
    use sea_orm::{FromQueryResult, QuerySelect};
    #[derive(FromQueryResult)]
    struct Version {
        n: i64,
        latest: Option<DateTime<Utc>>,
    }
    let v = guidance_article::Entity::find()
        .select_only()
        .column_as(guidance_article::Column::Id.count(), "n")
        .column_as(guidance_article::Column::UpdatedAt.max(), "latest")
        .into_model::<Version>()
        .one(db.conn())
        .await?
        .map_or((0, None), |v| (v.n, v.latest));
    let cached = db
        .derived
        .guidance_vocabulary
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    if let Some(c) = cached.filter(|c| c.version == v) {
        return Ok(c.words.get(&lang).cloned().unwrap_or_default());
    }
    let rows = db
        .conn()
        .query_all_raw(Statement::from_string(
            db.backend(),
            "SELECT language, title_terms, body_terms FROM guidance_search WHERE employer_id = ''",
        ))
        .await?;
    let rows = rows.into_iter().filter_map(|r| {
        Some((
            r.try_get::<String>("", "language").ok()?,
            r.try_get::<String>("", "title_terms").ok()?,
            r.try_get::<String>("", "body_terms").ok()?,
        ))
    });
    let mut words: HashMap<Language, HashSet<String>> = HashMap::new();
    for (l, title, body) in rows {
        if let Some(l) = Language::parse(&l) {
            let set = words.entry(l).or_default();
            set.extend(title.split(' ').map(String::from));
            set.extend(body.split(' ').map(String::from));
        }
    }
    let answer = words.get(&lang).cloned().unwrap_or_default();
    *db.derived
        .guidance_vocabulary
        .write()
        .unwrap_or_else(|e| e.into_inner()) = Some(Vocabulary { version: v, words });
    Ok(answer)
}

/// The words of the reader's employer's own versions in one language.
async fn own_words(db: &Db, reader: Reader, lang: Language) -> Result<Vec<String>, StoreError> {
    if reader.is_none() {
        return Ok(vec![]);
    }
    let sql = match db.backend() {
        DbBackend::Postgres => {
            "SELECT title_terms, body_terms FROM guidance_search \
             WHERE employer_id = $1 AND language = $2"
        }
        _ => {
            "SELECT title_terms, body_terms FROM guidance_search \
             WHERE employer_id = ? AND language = ?"
        }
    };
    let rows = db
        .conn()
        .query_all_raw(statement(
            db.conn(),
            sql,
            vec![owner(reader).into(), lang.code().into()],
        ))
        .await?;
    Ok(rows
        .iter()
        .flat_map(|r| {
            ["title_terms", "body_terms"].map(|c| r.try_get::<String>("", c).unwrap_or_default())
        })
        .flat_map(|t| t.split(' ').map(String::from).collect::<Vec<_>>())
        .collect())
}

/// Ranked matches for `query` in one language, in the library as the reader reads it. Words are stemmed ("stressad" finds "stress"),
/// unknown words corrected to the nearest one in the library, and the last word may be
/// unfinished. Every term must match; if nothing does, any term may. Never fails on what
/// people type: the query only ever reaches the database as bound parameters of letters and
/// digits.
pub async fn search(
    db: &Db,
    reader: Reader,
    lang: Language,
    query: &str,
    filter: &Filter,
) -> Result<Vec<Hit>, StoreError> {
    let typed = text::query_terms(lang, query);
    if typed.is_empty() {
        return Ok(vec![]);
    }
    let mut words = vocabulary(db, lang).await?;
    words.extend(own_words(db, reader, lang).await?);
    let terms = text::corrected(&typed, &words);
    let mut found = ranked_ids(db, reader, lang, &terms, true).await?;
    if found.is_empty() && terms.len() > 1 {
        found = ranked_ids(db, reader, lang, &terms, false).await?;
    }
    let own = own_versions(db.conn(), reader).await?;
    // Where the employer has its own version, the shared text's match does not count: the
    // reader never reads that text.
    let ids: Vec<uuid::Uuid> = found
        .into_iter()
        .filter(|(id, shared)| !(*shared && own.contains_key(id)))
        .map(|(id, _)| id)
        .collect();
    let rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Id.is_in(ids.clone()))
        .filter(guidance_article::Column::Retired.eq(false))
        .all(db.conn())
        .await?;
    let by_id: HashMap<uuid::Uuid, guidance_article::Model> =
        rows.iter().map(|r| (r.id, as_read(r, &own))).collect();
    Ok(ids
        .iter()
        .filter_map(|id| by_id.get(id))
        .filter_map(|row| line(row).map(|l| (row, l)))
        .filter(|(_, l)| wanted(l, filter))
        .take(SEARCH_LIMIT)
        .map(|(row, l)| Hit {
            title: text::highlight(lang, &l.title, &terms),
            summary: text::highlight(lang, &l.summary, &terms),
            snippet: text::snippet(lang, &row.body_text, &terms, 160),
            article: l,
        })
        .collect())
}

/// Article ids, best first, each with whether the match is in the shared text (else in the
/// reader's employer's own version). `all`: every term must match (else any).
async fn ranked_ids(
    db: &Db,
    reader: Reader,
    lang: Language,
    terms: &[String],
    all: bool,
) -> Result<Vec<(uuid::Uuid, bool)>, StoreError> {
    let postgres = db.backend() == DbBackend::Postgres;
    let sql = if postgres {
        "SELECT s.article_id, s.employer_id FROM guidance_search s, to_tsquery('simple', $1) q \
         WHERE s.language = $2 AND s.employer_id IN ('', $3) AND s.document @@ q \
         ORDER BY ts_rank(s.document, q) DESC LIMIT 200"
    } else {
        "SELECT article_id, employer_id FROM guidance_search WHERE guidance_search MATCH ? \
         AND language = ? AND employer_id IN ('', ?) \
         ORDER BY bm25(guidance_search, 0.0, 0.0, 0.0, 5.0, 1.0) LIMIT 200"
    };
    let expr = match_expression(terms, all, postgres);
    let rows = db
        .conn()
        .query_all_raw(Statement::from_sql_and_values(
            db.backend(),
            sql,
            vec![expr.into(), lang.code().into(), owner(reader).into()],
        ))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let id = r.try_get::<uuid::Uuid>("", "article_id").ok()?;
            let employer = r.try_get::<String>("", "employer_id").ok()?;
            Some((id, employer.is_empty()))
        })
        .collect())
}

/// The query in the database's own syntax (FTS5 or tsquery): each term quoted, the last one a
/// prefix. Terms are stems of letters and digits; anything else is dropped all the same, so
/// nothing a person types can become an operator.
fn match_expression(terms: &[String], all: bool, postgres: bool) -> String {
    let last = terms.len().saturating_sub(1);
    let quoted: Vec<String> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let t: String = t.chars().filter(|c| c.is_alphanumeric()).collect();
            let prefix = i == last && t.chars().count() >= 3;
            match (postgres, prefix) {
                (true, true) => format!("'{t}':*"),
                (true, false) => format!("'{t}'"),
                (false, true) => format!("\"{t}\"*"),
                (false, false) => format!("\"{t}\""),
            }
        })
        .collect();
    let join = match (postgres, all) {
        (true, true) => " & ",
        (true, false) => " | ",
        (false, true) => " AND ",
        (false, false) => " OR ",
    };
    quoted.join(join)
}

/// For the check-in result: one article per recommended topic, in the rule table's order,
/// each article once, for employees.
pub async fn recommended(
    db: &Db,
    reader: Reader,
    lang: Language,
    topics: &[Topic],
) -> Result<Vec<ArticleLine>, StoreError> {
    if topics.is_empty() {
        return Ok(vec![]);
    }
    let library = list(
        db,
        reader,
        lang,
        &Filter {
            topic: None,
            audience: Some(Audience::Employee),
        },
    )
    .await?;
    let mut out: Vec<ArticleLine> = vec![];
    for topic in topics {
        // Prefer an article whose first topic is this one: it is about it, not touching on it.
        let best = library
            .iter()
            .filter(|a| a.topics.contains(topic) && !out.iter().any(|o| o.slug == a.slug))
            .min_by_key(|a| a.topics.iter().position(|t| t == topic));
        if let Some(a) = best {
            out.push(a.clone());
        }
    }
    Ok(out)
}

/// Records one anonymous answer to "was this helpful?" for the editors of the reader's
/// employer. `false` when there is no such article.
pub async fn record_feedback(
    db: &Db,
    employer: EmployerId,
    slug: &str,
    lang: Language,
    helpful: bool,
    comment: Option<String>,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    // The language the reader was shown: theirs, or the other when only that exists.
    let Some(article) = find_slug(db, slug, lang).await? else {
        return Ok(false);
    };
    let comment = comment
        .map(|c| {
            c.trim()
                .chars()
                .take(FEEDBACK_COMMENT_MAX)
                .collect::<String>()
        })
        .filter(|c| !c.is_empty());
    db.write(move |txn| {
        let comment = comment.clone();
        Box::pin(async move {
            guidance_feedback::Entity::insert(guidance_feedback::ActiveModel {
                id: Set(uuid::Uuid::new_v4()),
                article_id: Set(article.id),
                employer_id: Set(Some(employer.as_uuid())),
                helpful: Set(helpful),
                comment: Set(comment),
                created_at: Set(today),
            })
            .exec_without_returning(txn)
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(true)
}

pub const FEEDBACK_COMMENT_MAX: usize = 1000;

/// An article as an editor changes it: the text fields of the form, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub summary: String,
    /// Topic codes separated by commas or spaces.
    pub topics: String,
    pub audience: String,
    pub body: String,
}

/// Longest article text an editor may save: far beyond a short practical article.
pub const BODY_MAX: usize = 20_000;

/// What a version in an article's history is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionKind {
    /// The shared text, as a content file brought it.
    File,
    /// The employer's own version, as an editor saved it.
    Edit,
    /// The employer went back to the shared text.
    BackToShared,
    /// Changed in the app when an edit changed every employer's text; kept, no longer read.
    BeforePerEmployer,
}

impl VersionKind {
    fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "file" => Self::File,
            "edit" => Self::Edit,
            "shared" => Self::BackToShared,
            "before-per-employer" => Self::BeforePerEmployer,
            _ => return None,
        })
    }
}

/// One version in an article's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Counted for the shared text and the employer's own versions apart.
    pub number: i32,
    pub kind: VersionKind,
    pub at: DateTime<Utc>,
    /// The editor's name; `None` for a file, or an editor no longer in Orka.
    pub author: Option<String>,
    /// The content file, for the shared text.
    pub file: Option<String>,
    pub title: String,
    pub body: String,
}

/// An article in the editor: the text to change and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editing {
    /// The employer's own version if it keeps one, else the shared text.
    pub draft: Draft,
    /// The employer's own version the draft is, if any.
    pub own: Option<Version>,
    /// The shared text changed after the employer's own version was saved: the editors may
    /// want to take the change over.
    pub shared_changed: bool,
    /// Newest first: the employer's own versions and the shared text's.
    pub history: Vec<Version>,
}

/// One language version of an article (exactly that language: an editor changes what they
/// read) and the employer's own version of it.
async fn editable(
    db: &Db,
    access: &crate::policy::EditorAccess,
    slug: &str,
    lang: Language,
) -> Result<Option<(guidance_article::Model, Option<guidance_override::Model>)>, StoreError> {
    let Some(row) = guidance_article::Entity::find()
        .filter(guidance_article::Column::Slug.eq(slug))
        .filter(guidance_article::Column::Language.eq(lang.code()))
        .filter(guidance_article::Column::Retired.eq(false))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let own = guidance_override::Entity::find()
        .filter(guidance_override::Column::ArticleId.eq(row.id))
        .filter(guidance_override::Column::EmployerId.eq(access.employer().as_uuid()))
        .one(db.conn())
        .await?;
    Ok(Some((row, own)))
}

/// An article for the edit form, with its history: the employer's versions and the shared
/// text's, never another employer's.
pub async fn editing(
    db: &Db,
    access: &crate::policy::EditorAccess,
    slug: &str,
    lang: Language,
) -> Result<Option<Editing>, StoreError> {
    use crate::entity::person;
    use sea_orm::Condition;
    let Some((row, own)) = editable(db, access, slug, lang).await? else {
        return Ok(None);
    };
    let versions = guidance_version::Entity::find()
        .filter(guidance_version::Column::ArticleId.eq(row.id))
        .filter(
            Condition::any()
                .add(guidance_version::Column::EmployerId.is_null())
                .add(guidance_version::Column::EmployerId.eq(access.employer().as_uuid())),
        )
        .order_by_desc(guidance_version::Column::CreatedAt)
        .order_by_desc(guidance_version::Column::Version)
        .all(db.conn())
        .await?;
    let authors: HashMap<uuid::Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(versions.iter().filter_map(|v| v.author)))
        .filter(person::Column::EmployerId.eq(access.employer().as_uuid()))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect();
    let history: Vec<Version> = versions
        .into_iter()
        .filter_map(|v| {
            Some(Version {
                number: v.version,
                kind: VersionKind::parse(&v.kind)?,
                at: v.created_at,
                author: v.author.and_then(|a| authors.get(&a).cloned()),
                file: v.file,
                title: v.title,
                body: v.body_markdown,
            })
        })
        .collect();
    let own_version = own.as_ref().and_then(|o| {
        history
            .iter()
            .find(|v| v.kind == VersionKind::Edit && v.number == o.version)
            .cloned()
    });
    let shared_changed = own.as_ref().is_some_and(|o| row.updated_at > o.updated_at);
    let read = as_read(&row, &own.map(|o| (o.article_id, o)).into_iter().collect());
    Ok(Some(Editing {
        draft: Draft {
            title: read.title,
            summary: read.summary,
            topics: read.topics.replace(' ', ", "),
            audience: read.audience,
            body: read.body_markdown,
        },
        own: own_version,
        shared_changed,
        history,
    }))
}

/// What an editor's change did.
#[derive(Debug, PartialEq, Eq)]
pub enum EditOutcome {
    Saved,
    NoSuchArticle,
    /// (field, problem) for each field that needs changing; nothing was saved.
    Invalid(Vec<(&'static str, EditProblem)>),
}

/// What is wrong with one field of an editor's change; the edge words it in the reader's
/// language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditProblem {
    Missing,
    TooLong {
        max: usize,
    },
    /// A topic code that is not one, as typed.
    UnknownTopic(String),
    /// No topic at all.
    NoTopic,
    UnknownAudience,
}

/// The next version number of the employer's own versions of an article.
async fn next_version(
    txn: &DatabaseTransaction,
    article: uuid::Uuid,
    employer: EmployerId,
) -> Result<i32, DbErr> {
    use sea_orm::QuerySelect;
    let latest: Option<Option<i32>> = guidance_version::Entity::find()
        .select_only()
        .column_as(guidance_version::Column::Version.max(), "latest")
        .filter(guidance_version::Column::ArticleId.eq(article))
        .filter(guidance_version::Column::EmployerId.eq(employer.as_uuid()))
        .into_tuple()
        .one(txn)
        .await?;
    Ok(latest.flatten().unwrap_or(0) + 1)
}

/// Saves an editor's change as their employer's own version of the article: that employer's
/// people read it from now on, everyone else still reads the shared text. The version before
/// stays in the history. Saving the text unchanged adds no version.
pub async fn edit(
    db: &Db,
    access: &crate::policy::EditorAccess,
    slug: &str,
    lang: Language,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<EditOutcome, StoreError> {
    use domain::guidance::{SUMMARY_MAX, TITLE_MAX};
    let mut problems: Vec<(&'static str, EditProblem)> = vec![];
    let text = |field: &'static str, v: &str, max: usize, problems: &mut Vec<_>| {
        let v = v.trim();
        if v.is_empty() {
            problems.push((field, EditProblem::Missing));
        } else if v.chars().count() > max {
            problems.push((field, EditProblem::TooLong { max }));
        }
        v.to_owned()
    };
    let title = text("title", &draft.title, TITLE_MAX, &mut problems);
    let summary = text("summary", &draft.summary, SUMMARY_MAX, &mut problems);
    let body = text("body", &draft.body, BODY_MAX, &mut problems);
    let mut topics = vec![];
    for code in draft.topics.split([',', ' ']).filter(|t| !t.is_empty()) {
        match Topic::parse(code) {
            Some(t) if !topics.contains(&t) => topics.push(t),
            Some(_) => {}
            None => problems.push(("topics", EditProblem::UnknownTopic(code.to_owned()))),
        }
    }
    if topics.is_empty() && !problems.iter().any(|(f, _)| *f == "topics") {
        problems.push(("topics", EditProblem::NoTopic));
    }
    let audience = Audience::parse(draft.audience.trim());
    if audience.is_none() {
        problems.push(("audience", EditProblem::UnknownAudience));
    }
    if !problems.is_empty() {
        return Ok(EditOutcome::Invalid(problems));
    }
    let Some((row, own)) = editable(db, access, slug, lang).await? else {
        return Ok(EditOutcome::NoSuchArticle);
    };
    let front = FrontMatter {
        slug: row.slug.clone(),
        language: lang,
        title,
        summary,
        topics,
        audience: audience.unwrap_or(Audience::Both),
        reviewed: domain::time::stockholm_date(now),
        related: vec![],
        contacts: vec![],
    };
    let l = render(String::new(), front, &body, body.as_bytes());
    let f = &l.front;
    let unchanged = own.as_ref().is_some_and(|o| {
        (
            &o.title,
            &o.summary,
            &o.topics,
            &o.audience,
            &o.body_markdown,
        ) == (
            &f.title,
            &f.summary,
            &join(&f.topics, |t| t.code()),
            &f.audience.code().to_owned(),
            &l.markdown,
        )
    });
    if unchanged {
        return Ok(EditOutcome::Saved);
    }
    let (employer, editor) = (access.employer(), access.editor());
    db.write(move |txn| {
        let (l, article, own) = (l.clone(), row.id, own.clone());
        Box::pin(async move {
            let f = &l.front;
            let version = next_version(txn, article, employer).await?;
            let current = guidance_override::ActiveModel {
                id: Set(own.as_ref().map_or_else(uuid::Uuid::new_v4, |o| o.id)),
                article_id: Set(article),
                employer_id: Set(employer.as_uuid()),
                version: Set(version),
                title: Set(f.title.clone()),
                summary: Set(f.summary.clone()),
                topics: Set(join(&f.topics, |t| t.code())),
                audience: Set(f.audience.code().into()),
                reviewed: Set(f.reviewed),
                body_markdown: Set(l.markdown.clone()),
                body_html: Set(l.html.clone()),
                body_text: Set(l.text.clone()),
                updated_at: Set(now),
            };
            if own.is_some() {
                guidance_override::Entity::update(current).exec(txn).await?;
            } else {
                guidance_override::Entity::insert(current)
                    .exec_without_returning(txn)
                    .await?;
            }
            let mut history = version_row(
                article,
                Some(employer),
                version,
                "edit",
                f,
                &l.markdown,
                now,
            );
            history.author = Set(Some(editor.as_uuid()));
            guidance_version::Entity::insert(history)
                .exec_without_returning(txn)
                .await?;
            index(txn, article, Some(employer), f, &l.text).await
        })
    })
    .await?;
    tracing::info!(article = %slug, language = lang.code(), "guidance article edited for one employer");
    Ok(EditOutcome::Saved)
}

/// Ends the employer's own version of an article: its people read the shared text again. The
/// history keeps every version and notes the return. `false` when there was no own version.
pub async fn back_to_shared(
    db: &Db,
    access: &crate::policy::EditorAccess,
    slug: &str,
    lang: Language,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some((row, Some(own))) = editable(db, access, slug, lang).await? else {
        return Ok(false);
    };
    let (employer, editor) = (access.employer(), access.editor());
    let shared = line(&row).map(|l| FrontMatter {
        slug: l.slug,
        language: l.language,
        title: l.title,
        summary: l.summary,
        topics: l.topics,
        audience: l.audience,
        reviewed: row.reviewed,
        related: vec![],
        contacts: vec![],
    });
    let Some(shared) = shared else {
        return Ok(false);
    };
    db.write(move |txn| {
        let (shared, markdown, own_id) = (shared.clone(), row.body_markdown.clone(), own.id);
        Box::pin(async move {
            let version = next_version(txn, row.id, employer).await?;
            guidance_override::Entity::delete_by_id(own_id)
                .exec(txn)
                .await?;
            let mut history = version_row(
                row.id,
                Some(employer),
                version,
                "shared",
                &shared,
                &markdown,
                now,
            );
            history.author = Set(Some(editor.as_uuid()));
            guidance_version::Entity::insert(history)
                .exec_without_returning(txn)
                .await?;
            unindex(txn, row.id, Some(employer)).await
        })
    })
    .await?;
    tracing::info!(article = %slug, language = lang.code(), "employer back to the shared guidance text");
    Ok(true)
}

pub use domain::guidance::FeedbackSummary;

/// Every article the editor's employer's people answered about, most answered first. Answers
/// from other employers' people are never counted or shown.
pub async fn feedback_summary(
    db: &Db,
    access: &crate::policy::EditorAccess,
) -> Result<Vec<FeedbackSummary>, StoreError> {
    let own = own_versions(db.conn(), Some(access.employer())).await?;
    let articles: HashMap<uuid::Uuid, guidance_article::Model> = guidance_article::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|a| (a.id, as_read(&a, &own)))
        .collect();
    let answers = guidance_feedback::Entity::find()
        .filter(guidance_feedback::Column::EmployerId.eq(access.employer().as_uuid()))
        .order_by_desc(guidance_feedback::Column::CreatedAt)
        .all(db.conn())
        .await?;
    let mut out: Vec<FeedbackSummary> = vec![];
    for f in answers {
        let Some(a) = articles.get(&f.article_id) else {
            continue;
        };
        let Some(language) = Language::parse(&a.language) else {
            continue;
        };
        let i = match out
            .iter()
            .position(|s| s.slug == a.slug && s.language == language)
        {
            Some(i) => i,
            None => {
                out.push(FeedbackSummary {
                    slug: a.slug.clone(),
                    language,
                    title: a.title.clone(),
                    helpful: 0,
                    not_helpful: 0,
                    comments: vec![],
                });
                out.len() - 1
            }
        };
        let s = &mut out[i];
        if f.helpful {
            s.helpful += 1;
        } else {
            s.not_helpful += 1;
        }
        s.comments.extend(f.comment);
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.helpful + s.not_helpful));
    Ok(out)
}
