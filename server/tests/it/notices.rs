//! 通知通告: recipients for every role and level against the domain rule,
//! unread marks, pinning, sanitized content.

use crate::common;
use app::domain::{NoticeId, RegionId};

use app::backend::prelude::*;
use app::backend::Actor;
use app::domain::notice::{reaches, NoticeError, NoticeScope, Reader};
use app::domain::{Level, Role};
use app::error::AppError;
use app::i18n::{Locale, Say};
use app::message::ServiceIssue;
use app::notice::model::{Author, NewNotice, NoticeText};
use server::backend::actor_by_username;
use server::db::stmt;

async fn in_subtree(
    db: &sea_orm::DatabaseConnection,
    ancestor: RegionId,
    region: RegionId,
) -> bool {
    common::count(
        db,
        "SELECT COUNT(*) AS n FROM region_closure WHERE ancestor_id = $1 AND descendant_id = $2",
        vec![ancestor.into(), region.into()],
    )
    .await
        > 0
}

async fn first_school_of(db: &sea_orm::DatabaseConnection, region_code: &str) -> String {
    let row = db
        .query_one(stmt(
            db,
            "SELECT s.code FROM schools s JOIN regions r ON r.id = s.region_id WHERE r.code = $1 ORDER BY s.code",
            vec![region_code.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    format!("s{}", row.try_get::<String>("", "code").unwrap())
}

use sea_orm::ConnectionTrait;

#[tokio::test]
async fn every_reader_sees_exactly_the_notices_the_rule_gives_it() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let db = &t.db;
        let user = |u: String| {
            let db = db.clone();
            async move { actor_by_username(&db, &u).await.unwrap().unwrap() }
        };
        let scopes = vec![
            NoticeScope {
                levels: vec![Level::National],
                direct_schools: false,
            },
            NoticeScope {
                levels: vec![Level::Province],
                direct_schools: false,
            },
            NoticeScope {
                levels: vec![Level::City],
                direct_schools: false,
            },
            NoticeScope {
                levels: vec![Level::County],
                direct_schools: false,
            },
            NoticeScope {
                levels: vec![],
                direct_schools: true,
            },
            NoticeScope {
                levels: vec![Level::City, Level::County],
                direct_schools: true,
            },
        ];
        let mut notices: Vec<(NoticeId, Actor, NoticeScope)> = Vec::new();
        for author in ["a000000", "r000000", "r430000", "r430100", "r430104"] {
            let a = user(author.into()).await;
            for scope in &scopes {
                let new = NewNotice {
                    title: format!("{author} 的通知"),
                    levels: scope.levels.clone(),
                    direct_schools: scope.direct_schools,
                    content_html: "<p>内容</p>".into(),
                    pinned: false,
                    request_key: None,
                };
                match b.create_notice(&a, new).await {
                    Ok(id) => notices.push((id, a.clone(), scope.clone())),
                    Err(AppError::Invalid(m)) => {
                        assert!(
                            scope.levels.iter().any(|l| *l < a.region_level),
                            "{author}: {m}"
                        );
                    }
                    Err(e) => panic!("{author}: {e:?}"),
                }
            }
        }
        let mut readers: Vec<String> = [
            "a000000", "r000000", "r430000", "r440000", "r430100", "r430200", "r430104", "r430202",
            "r110101", "a430104", "a430000",
        ]
        .map(String::from)
        .to_vec();
        for region in ["000000", "430000", "430100", "430104", "440100"] {
            readers.push(first_school_of(db, region).await);
        }
        for r in &readers {
            let reader = user(r.clone()).await;
            let visible: Vec<NoticeId> = b
                .notices(&reader)
                .await
                .unwrap()
                .iter()
                .map(|n| n.id)
                .collect();
            for (id, author, scope) in &notices {
                let facts = Reader {
                    role: reader.role,
                    level: reader.region_level,
                    in_subtree: in_subtree(db, author.region_id, reader.region_id).await,
                    direct_school_of_author_region: reader.role == Role::SchoolAdmin
                        && reader.region_id == author.region_id,
                };
                let expected =
                    reaches(scope, author.region_level, &facts) || reader.user_id == author.user_id;
                assert_eq!(
                    visible.contains(id),
                    expected,
                    "{}: {r} reading {}'s notice to {:?}",
                    t.name,
                    author.username,
                    scope
                );
                let detail = b.notice(&reader, *id).await;
                assert_eq!(detail.is_ok(), expected, "{r} opening {id}");
                if !expected {
                    assert_eq!(detail, Err(AppError::NotFound));
                }
            }
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn unread_marks_pinning_and_sanitized_content() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let db = &t.db;
        let national = actor_by_username(db, "a000000").await.unwrap().unwrap();
        let county = actor_by_username(db, "r430104").await.unwrap().unwrap();
        let to_counties = |title: &str, html: &str, pinned: bool| NewNotice {
            title: title.into(),
            levels: vec![Level::County],
            direct_schools: false,
            content_html: html.into(),
            pinned,
            request_key: None,
        };
        let older = b
            .create_notice(&national, to_counties("普通通知", "<p>一</p>", false))
            .await
            .unwrap();
        let pinned = b
            .create_notice(
                &national,
                to_counties(
                    "置顶通知",
                    "<p onclick=\"x()\">二<script>alert(1)</script></p>",
                    true,
                ),
            )
            .await
            .unwrap();
        let newest = b
            .create_notice(&national, to_counties("最新通知", "<p>三</p>", false))
            .await
            .unwrap();
        let list = b.notices(&county).await.unwrap();
        let order: Vec<NoticeId> = list.iter().map(|n| n.id).collect();
        assert_eq!(
            order,
            vec![pinned, newest, older],
            "置顶 first, then newest"
        );
        assert!(list.iter().all(|n| n.unread));
        assert_eq!(
            list[0].author,
            Author::User {
                region: "全国".into(),
                role: Role::NationalAdmin,
                level: Level::National
            }
        );
        assert_eq!(list[0].author.say(Locale::zh_CN), "全国-全国管理员");
        assert_eq!(list[0].created_at, b.now());
        assert_eq!(b.unread_notices(&county).await.unwrap(), 3);
        let d = b.notice(&county, pinned).await.unwrap();
        let NoticeText::Written {
            title,
            content_html,
        } = &d.text
        else {
            panic!("{:?}", d.text)
        };
        assert_eq!(title, "置顶通知");
        assert!(
            !content_html.contains("script") && !content_html.contains("onclick"),
            "{content_html}"
        );
        assert!(!d.can_pin, "a reader who is not the author does not pin");
        assert_eq!(b.unread_notices(&county).await.unwrap(), 2);
        assert_eq!(
            b.pin_notice(&county, older, true).await,
            Err(AppError::Refused(ServiceIssue::PinNotice.into()))
        );
        b.pin_notice(&national, pinned, false).await.unwrap();
        let order: Vec<NoticeId> = b
            .notices(&county)
            .await
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(
            order,
            vec![newest, pinned, older],
            "unpinned: back in date order"
        );
        let empty = b
            .create_notice(&national, to_counties("空", "<script>x</script>", false))
            .await;
        assert_eq!(empty, Err(AppError::Invalid(NoticeError::NoContent.into())));
        let school = actor_by_username(db, "s4301040001").await.unwrap().unwrap();
        assert_eq!(
            b.create_notice(&school, to_counties("t", "<p>x</p>", false))
                .await,
            Err(AppError::Refused(ServiceIssue::PublishNotice.into()))
        );
        t.cleanup().await;
    }
}
