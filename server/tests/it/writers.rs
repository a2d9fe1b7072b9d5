//! Concurrent writers queue instead of failing: a transaction that reads
//! before it writes must not lose to another writer with "database is
//! locked" (SQLite) while the other commits.

use crate::common;

use app::backend::prelude::*;
use app::domain::admin::UserInput;
use app::domain::Role;
use sea_orm::ConnectionTrait;
use server::backend::actor_by_username;
use server::db::{begin_write, stmt};
use std::time::Duration;

#[tokio::test]
async fn a_writer_that_has_read_waits_for_another_to_commit() {
    for t in common::databases().await {
        // PostgreSQL locks rows, not the database: a plain read there does
        // not wait (our state changes are conditional updates instead).
        if t.url.is_some() {
            t.cleanup().await;
            continue;
        }
        let db = t.db.clone();
        db.execute_unprepared("CREATE TABLE tally (n INTEGER NOT NULL)")
            .await
            .unwrap();
        db.execute_unprepared("INSERT INTO tally (n) VALUES (0)")
            .await
            .unwrap();

        // The first writer holds its lock for a while.
        let first = begin_write(&db).await.unwrap();
        first
            .execute_unprepared("UPDATE tally SET n = n + 1")
            .await
            .unwrap();
        let holder = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            first.commit().await.unwrap();
        });

        // The second reads, then writes what it read: it must wait, then
        // see the first one's change, and succeed.
        let second = begin_write(&db).await.unwrap();
        let n: i32 = second
            .query_one(stmt(&second, "SELECT n FROM tally", vec![]))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        second
            .execute(stmt(
                &second,
                "UPDATE tally SET n = $1",
                vec![(n + 1).into()],
            ))
            .await
            .unwrap();
        second.commit().await.unwrap();
        holder.await.unwrap();

        let n: i32 = db
            .query_one(stmt(&db, "SELECT n FROM tally", vec![]))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        assert_eq!(n, 2, "no update lost");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn many_accounts_created_at_once_all_succeed() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _clock) = common::backend_in(&t.db, dir.path());
        common::seed_small(&b).await;
        let admin = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();

        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let (b, admin) = (b.clone(), admin.clone());
                tokio::spawn(async move {
                    b.create_user(
                        &admin,
                        UserInput {
                            username: format!("busy_{i}"),
                            role: Role::Reviewer,
                            name: format!("审核员{i}"),
                            region_code: "430104".into(),
                            school_code: String::new(),
                            phone: String::new(),
                            email: format!("busy_{i}@example.com"),
                        },
                        None,
                    )
                    .await
                })
            })
            .collect();
        for task in tasks {
            task.await
                .unwrap()
                .unwrap_or_else(|e| panic!("{}: {e:?}", t.name));
        }
        assert_eq!(
            common::count(
                &t.db,
                "SELECT COUNT(*) AS n FROM users WHERE username LIKE 'busy_%'",
                vec![]
            )
            .await,
            16
        );
        t.cleanup().await;
    }
}
