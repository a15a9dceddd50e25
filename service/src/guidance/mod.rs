//! The guidance library: loading the articles from the content folder, finding them by topic,
//! audience and search, recommending them after a check-in, and the anonymous "was this
//! helpful?" answers.
//!
//! Search stems words in Rust (Snowball, Swedish and English) and lets the database rank the
//! stems: SQLite's FTS5 with bm25, or PostgreSQL's full-text search with ts_rank, behind the
//! same function. Unknown words are corrected to the nearest word in the library first.

pub mod text;

use crate::entity::{guidance_article, guidance_feedback};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use domain::guidance::{parse_article, Audience, ContactKind, FrontMatter, Language, Topic};
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
    /// Changed in the app by an editor: the file does not overwrite the editor's text.
    pub kept_edited: usize,
    /// `file: line N: problem`, one per file that could not be loaded.
    pub errors: Vec<String>,
}

/// An article read from a file, checked and rendered, ready to store.
#[derive(Clone, Debug)]
struct Loaded {
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
                loaded.push(render(front, body, &bytes));
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
    report.kept_edited = counts[4];
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
            render(front, body, bytes);
        }
    }
}

fn render(front: FrontMatter, body: &str, bytes: &[u8]) -> Loaded {
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

/// [added, updated, unchanged, retired, kept_edited]
async fn store(
    txn: &DatabaseTransaction,
    loaded: &[Loaded],
    present: &HashSet<(String, Language)>,
    now: DateTime<Utc>,
) -> Result<[usize; 5], DbErr> {
    let mut counts = [0usize; 5];
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
            Some(old) if old.source == "editor" => {
                counts[4] += 1;
                continue;
            }
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
        index(
            txn, id, f.language, &f.title, &f.summary, &f.topics, &l.text,
        )
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
            unindex(txn, old.id).await?;
            counts[3] += 1;
        }
    }
    Ok(counts)
}

fn statement(txn: &impl ConnectionTrait, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(txn.get_database_backend(), sql, values)
}

async fn unindex(txn: &impl ConnectionTrait, id: uuid::Uuid) -> Result<(), DbErr> {
    let sql = match txn.get_database_backend() {
        DbBackend::Postgres => "DELETE FROM guidance_search WHERE article_id = $1",
        _ => "DELETE FROM guidance_search WHERE article_id = ?",
    };
    txn.execute_raw(statement(txn, sql, vec![id.into()]))
        .await?;
    Ok(())
}

/// Writes an article's stems to the search index: title, summary and topics weigh more than
/// the text.
async fn index(
    txn: &impl ConnectionTrait,
    id: uuid::Uuid,
    lang: Language,
    title: &str,
    summary: &str,
    topics: &[Topic],
    body_text: &str,
) -> Result<(), DbErr> {
    unindex(txn, id).await?;
    let topic_words = topics
        .iter()
        .map(|t| t.code().replace('-', " "))
        .collect::<Vec<_>>()
        .join(" ");
    let title_terms = text::index_terms(lang, &format!("{title} {summary} {topic_words}"));
    let body_terms = text::index_terms(lang, body_text);
    let sql = match txn.get_database_backend() {
        DbBackend::Postgres => {
            "INSERT INTO guidance_search (article_id, language, title_terms, body_terms) \
             VALUES ($1, $2, $3, $4)"
        }
        _ => {
            "INSERT INTO guidance_search (article_id, language, title_terms, body_terms) \
             VALUES (?, ?, ?, ?)"
        }
    };
    txn.execute_raw(statement(
        txn,
        sql,
        vec![
            id.into(),
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

/// The library in one language, by title, narrowed by the filter.
pub async fn list(
    db: &Db,
    lang: Language,
    filter: &Filter,
) -> Result<Vec<ArticleLine>, StoreError> {
    let rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Language.eq(lang.code()))
        .filter(guidance_article::Column::Retired.eq(false))
        .order_by_asc(guidance_article::Column::Title)
        .all(db.conn())
        .await?;
    Ok(rows
        .iter()
        .filter_map(line)
        .filter(|l| wanted(l, filter))
        .collect())
}

/// One article, in `lang` if it is written in it, else in the other language.
pub async fn get(db: &Db, slug: &str, lang: Language) -> Result<Option<Article>, StoreError> {
    let rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Slug.eq(slug))
        .filter(guidance_article::Column::Retired.eq(false))
        .all(db.conn())
        .await?;
    let Some(row) = rows
        .iter()
        .find(|r| r.language == lang.code())
        .or(rows.first())
    else {
        return Ok(None);
    };
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
        .filter_map(line)
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

/// Every word the library uses in each language, for correcting typos; rebuilt when the
/// library changes.
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
            "SELECT language, title_terms, body_terms FROM guidance_search",
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

/// Ranked matches for `query` in one language. Words are stemmed ("stressad" finds "stress"),
/// unknown words corrected to the nearest one in the library, and the last word may be
/// unfinished. Every term must match; if nothing does, any term may. Never fails on what
/// people type: the query only ever reaches the database as bound parameters of letters and
/// digits.
pub async fn search(
    db: &Db,
    lang: Language,
    query: &str,
    filter: &Filter,
) -> Result<Vec<Hit>, StoreError> {
    let typed = text::query_terms(lang, query);
    if typed.is_empty() {
        return Ok(vec![]);
    }
    let terms = text::corrected(&typed, &vocabulary(db, lang).await?);
    let mut ids = ranked_ids(db, lang, &terms, true).await?;
    if ids.is_empty() && terms.len() > 1 {
        ids = ranked_ids(db, lang, &terms, false).await?;
    }
    let rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Id.is_in(ids.clone()))
        .filter(guidance_article::Column::Retired.eq(false))
        .all(db.conn())
        .await?;
    let by_id: HashMap<uuid::Uuid, &guidance_article::Model> =
        rows.iter().map(|r| (r.id, r)).collect();
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

/// Article ids, best first. `all`: every term must match (else any).
async fn ranked_ids(
    db: &Db,
    lang: Language,
    terms: &[String],
    all: bool,
) -> Result<Vec<uuid::Uuid>, StoreError> {
    let postgres = db.backend() == DbBackend::Postgres;
    let sql = if postgres {
        "SELECT s.article_id FROM guidance_search s, to_tsquery('simple', $1) q \
         WHERE s.language = $2 AND s.document @@ q \
         ORDER BY ts_rank(s.document, q) DESC LIMIT 200"
    } else {
        "SELECT article_id FROM guidance_search WHERE guidance_search MATCH ? \
         AND language = ? ORDER BY bm25(guidance_search, 0.0, 0.0, 5.0, 1.0) LIMIT 200"
    };
    let expr = match_expression(terms, all, postgres);
    let rows = db
        .conn()
        .query_all_raw(Statement::from_sql_and_values(
            db.backend(),
            sql,
            vec![expr.into(), lang.code().into()],
        ))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<uuid::Uuid>("", "article_id").ok())
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
    lang: Language,
    topics: &[Topic],
) -> Result<Vec<ArticleLine>, StoreError> {
    if topics.is_empty() {
        return Ok(vec![]);
    }
    let library = list(
        db,
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

/// Records one anonymous answer to "was this helpful?". `false` when there is no such article.
pub async fn record_feedback(
    db: &Db,
    slug: &str,
    lang: Language,
    helpful: bool,
    comment: Option<String>,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    // The version the reader was shown: theirs, or the other language when only that exists.
    let rows = guidance_article::Entity::find()
        .filter(guidance_article::Column::Slug.eq(slug))
        .filter(guidance_article::Column::Retired.eq(false))
        .all(db.conn())
        .await?;
    let Some(article) = rows
        .iter()
        .find(|r| r.language == lang.code())
        .or(rows.first())
        .cloned()
    else {
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

/// Someone to contact, as an article shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub kind: ContactKind,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// The contacts of these kinds, in that order: the employer's own (when the reader is known)
/// and the national services. A kind the employer has not filled in is left out, for the page
/// to describe in general words.
pub async fn contacts(
    db: &Db,
    employer: Option<domain::EmployerId>,
    kinds: &[ContactKind],
    lang: Language,
) -> Result<Vec<Contact>, StoreError> {
    use crate::entity::employer_contact;
    let own = match employer {
        Some(e) => {
            employer_contact::Entity::find()
                .filter(employer_contact::Column::EmployerId.eq(e.as_uuid()))
                .order_by_asc(employer_contact::Column::Name)
                .all(db.conn())
                .await?
        }
        None => vec![],
    };
    let mut out = vec![];
    for &kind in kinds {
        if let Some((name, phone, url, note)) = domain::guidance::national_contact(kind, lang) {
            out.push(Contact {
                kind,
                name: name.into(),
                phone: Some(phone.into()),
                email: None,
                url: Some(url.into()),
                note: Some(note.into()),
            });
        }
        out.extend(
            own.iter()
                .filter(|c| c.kind == kind.code())
                .map(|c| Contact {
                    kind,
                    name: c.name.clone(),
                    phone: c.phone.clone(),
                    email: c.email.clone(),
                    url: c.url.clone(),
                    note: c.note.clone(),
                }),
        );
    }
    Ok(out)
}

/// An employer's own contact directory, as its admins keep it.
pub async fn employer_contacts(
    db: &Db,
    employer: domain::EmployerId,
) -> Result<Vec<Contact>, StoreError> {
    let own: Vec<ContactKind> = ContactKind::ALL
        .into_iter()
        .filter(|k| k.is_employers_own())
        .collect();
    contacts(db, Some(employer), &own, Language::Sv).await
}

/// A contact as an admin typed it, unchecked.
#[derive(Clone, Debug, Default)]
pub struct ContactInput {
    pub kind: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// Checks a contact directory as typed: every problem as (entry, field, message), or the
/// contacts to store. Empty optional fields count as absent.
pub fn check_contacts(
    typed: Vec<ContactInput>,
) -> Result<Vec<Contact>, Vec<(usize, &'static str, &'static str)>> {
    let mut problems = vec![];
    let mut list = vec![];
    let optional = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    for (i, c) in typed.into_iter().enumerate() {
        let mut bad = |field, message| problems.push((i, field, message));
        let kind = ContactKind::parse(&c.kind).filter(|k| k.is_employers_own());
        if kind.is_none() {
            bad("kind", "occupational-health, hr, union or manager");
        }
        let name = c.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 120 {
            bad("name", "1–120 characters");
        }
        let phone = optional(c.phone);
        if phone.as_deref().is_some_and(|p| {
            p.len() > 30
                || !p
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch))
        }) {
            bad("phone", "digits, spaces and + - ( ) only");
        }
        let email = optional(c.email);
        if email
            .as_deref()
            .is_some_and(|e| e.len() > 200 || !e.contains('@') || e.contains(char::is_whitespace))
        {
            bad("email", "an e-mail address");
        }
        let url = optional(c.url);
        if url
            .as_deref()
            .is_some_and(|u| url::Url::parse(u).map_or(true, |u| u.scheme() != "https"))
        {
            bad("url", "an https address");
        }
        let note = optional(c.note);
        if note.as_deref().is_some_and(|n| n.chars().count() > 300) {
            bad("note", "at most 300 characters");
        }
        if let Some(kind) = kind {
            list.push(Contact {
                kind,
                name,
                phone,
                email,
                url,
                note,
            });
        }
    }
    if problems.is_empty() {
        Ok(list)
    } else {
        Err(problems)
    }
}

/// Replaces an employer's contact directory (occupational health, HR, unions).
pub async fn set_employer_contacts(
    db: &Db,
    employer: domain::EmployerId,
    contacts: Vec<Contact>,
) -> Result<(), StoreError> {
    use crate::entity::employer_contact;
    db.write(move |txn| {
        let contacts = contacts.clone();
        Box::pin(async move {
            employer_contact::Entity::delete_many()
                .filter(employer_contact::Column::EmployerId.eq(employer.as_uuid()))
                .exec(txn)
                .await?;
            for c in contacts {
                employer_contact::Entity::insert(employer_contact::ActiveModel {
                    id: Set(uuid::Uuid::new_v4()),
                    employer_id: Set(employer.as_uuid()),
                    kind: Set(c.kind.code().into()),
                    name: Set(c.name),
                    phone: Set(c.phone),
                    email: Set(c.email),
                    url: Set(c.url),
                    note: Set(c.note),
                })
                .exec_without_returning(txn)
                .await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(())
}

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

/// The draft of an existing article, for the edit form.
pub async fn draft(
    db: &Db,
    _: &crate::policy::EditorAccess,
    slug: &str,
    lang: Language,
) -> Result<Option<Draft>, StoreError> {
    let row = guidance_article::Entity::find()
        .filter(guidance_article::Column::Slug.eq(slug))
        .filter(guidance_article::Column::Language.eq(lang.code()))
        .filter(guidance_article::Column::Retired.eq(false))
        .one(db.conn())
        .await?;
    Ok(row.map(|r| Draft {
        title: r.title,
        summary: r.summary,
        topics: r.topics.replace(' ', ", "),
        audience: r.audience,
        body: r.body_markdown,
    }))
}

/// What an editor's change did.
#[derive(Debug, PartialEq, Eq)]
pub enum EditOutcome {
    Saved,
    NoSuchArticle,
    /// (field, problem) for each field that needs changing; nothing was saved.
    Invalid(Vec<(&'static str, String)>),
}

/// Saves an editor's change as the article's text. From then on the article is the editors':
/// a later change to its file is reported at load and does not overwrite their work.
pub async fn edit(
    db: &Db,
    _: &crate::policy::EditorAccess,
    slug: &str,
    lang: Language,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<EditOutcome, StoreError> {
    use domain::guidance::{SUMMARY_MAX, TITLE_MAX};
    let mut problems: Vec<(&'static str, String)> = vec![];
    let text = |field: &'static str, v: &str, max: usize, problems: &mut Vec<_>| {
        let v = v.trim();
        if v.is_empty() {
            problems.push((field, "must not be empty".to_owned()));
        } else if v.chars().count() > max {
            problems.push((field, format!("at most {max} characters")));
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
            None => problems.push(("topics", format!("'{code}' is not a topic"))),
        }
    }
    if topics.is_empty() && !problems.iter().any(|(f, _)| *f == "topics") {
        problems.push(("topics", "at least one topic".to_owned()));
    }
    let audience = Audience::parse(draft.audience.trim());
    if audience.is_none() {
        problems.push(("audience", "employee, manager or both".to_owned()));
    }
    if !problems.is_empty() {
        return Ok(EditOutcome::Invalid(problems));
    }
    let Some(row) = guidance_article::Entity::find()
        .filter(guidance_article::Column::Slug.eq(slug))
        .filter(guidance_article::Column::Language.eq(lang.code()))
        .filter(guidance_article::Column::Retired.eq(false))
        .one(db.conn())
        .await?
    else {
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
        related: row
            .related
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        contacts: row
            .contacts
            .split(' ')
            .filter_map(ContactKind::parse)
            .collect(),
    };
    let l = render(front, &body, body.as_bytes());
    db.write(move |txn| {
        let (l, id) = (l.clone(), row.id);
        Box::pin(async move {
            let f = &l.front;
            guidance_article::Entity::update(guidance_article::ActiveModel {
                id: Set(id),
                title: Set(f.title.clone()),
                summary: Set(f.summary.clone()),
                topics: Set(join(&f.topics, |t| t.code())),
                audience: Set(f.audience.code().into()),
                reviewed: Set(f.reviewed),
                body_markdown: Set(l.markdown.clone()),
                body_html: Set(l.html.clone()),
                body_text: Set(l.text.clone()),
                source: Set("editor".into()),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(txn)
            .await?;
            index(
                txn, id, f.language, &f.title, &f.summary, &f.topics, &l.text,
            )
            .await
        })
    })
    .await?;
    tracing::info!(article = %slug, language = lang.code(), "guidance article edited");
    Ok(EditOutcome::Saved)
}

/// The answers to "was this helpful?" for one article and language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackSummary {
    pub slug: String,
    pub language: Language,
    pub title: String,
    pub helpful: usize,
    pub not_helpful: usize,
    /// The comments, newest first, without any trace of who wrote them.
    pub comments: Vec<String>,
}

/// Every article with answers, most answered first: for editors only.
pub async fn feedback_summary(
    db: &Db,
    _: &crate::policy::EditorAccess,
) -> Result<Vec<FeedbackSummary>, StoreError> {
    let articles: HashMap<uuid::Uuid, guidance_article::Model> = guidance_article::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let answers = guidance_feedback::Entity::find()
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
