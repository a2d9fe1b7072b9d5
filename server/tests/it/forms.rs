//! The school's monthly form on the server: the domain's rules refused with
//! the field named, stale versions answered with the server's values, and
//! nothing changed on any refusal; aggregates move with every save.

use crate::common;

use app::backend::prelude::*;
use app::backend::Actor;
use app::domain::figures::{Field, FieldIssue, FieldIssueKind};
use app::domain::lock::Frozen;
use app::domain::school::SchoolState;
use app::domain::{Figures, Period};
use app::error::AppError;
use app::message::Reason;
use app::school::model::SaveOutcome;
use sea_orm::ConnectionTrait;
use server::backend::actor_by_username;
use server::db::stmt;
use server::report;

fn nov() -> Period {
    Period::new(2026, 11).unwrap()
}

struct Fixture {
    t: common::TestDb,
    b: std::sync::Arc<server::backend::ServerBackend>,
    admin: Actor,
}

async fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 1, 8));
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        clock.set(common::cst(2026, 11, 3, 10));
        t.db.execute(stmt(
            &t.db,
            "UPDATE school_monthly SET state = 0 WHERE period = $1 AND school_id = \
            (SELECT id FROM schools WHERE code = '4301040001')",
            vec![202611.into()],
        ))
        .await
        .unwrap();
        let admin = actor_by_username(&t.db, "s4301040001")
            .await
            .unwrap()
            .unwrap();
        out.push(Fixture { t, b, admin });
    }
    out
}

impl Fixture {
    async fn month(&self) -> app::school::model::SchoolMonth {
        self.b.school_month(&self.admin, nov()).await.unwrap()
    }
    async fn save(&self, f: Figures, version: i32, confirm: bool) -> Result<SaveOutcome, AppError> {
        self.b
            .save_school_month(&self.admin, nov(), f, version, confirm)
            .await
    }
    async fn county_total(&self) -> app::domain::Totals {
        let national = actor_by_username(&self.t.db, "a000000")
            .await
            .unwrap()
            .unwrap();
        report::report_table(
            &self.t.db,
            &national,
            Some(&common::rc("430104")),
            nov(),
            common::test_now(),
        )
        .await
        .unwrap()
        .total
    }
    async fn brute_county_total(&self) -> i64 {
        common::count(&self.t.db, "SELECT CAST(SUM(m.students) AS BIGINT) AS n FROM school_monthly m JOIN schools s ON s.id = m.school_id \
            JOIN regions r ON r.id = s.region_id WHERE r.code = '430104' AND m.period = $1", vec![202611.into()]).await
    }
}

#[tokio::test]
async fn a_valid_save_bumps_the_version_and_moves_the_aggregates() {
    for fx in fixtures().await {
        let m = fx.month().await;
        let mut f = m.figures.unwrap();
        assert!(m.last.is_some(), "last month's values come along");
        f.students += 10;
        f.multimedia_rooms = f.classes.min(f.multimedia_rooms + 1);
        let before = fx.county_total().await;
        assert_eq!(
            fx.save(f, m.version, false).await,
            Ok(SaveOutcome::Saved {
                version: m.version + 1
            })
        );
        let after = fx.county_total().await;
        assert_eq!(after.students, before.students + 10);
        assert_eq!(
            after.students,
            fx.brute_county_total().await,
            "the aggregate equals the sum over schools"
        );
        let again = fx.month().await;
        assert_eq!((again.figures, again.version), (Some(f), m.version + 1));
        let saved = again.updated.unwrap();
        assert_eq!(saved.by.as_deref(), Some(fx.admin.name.as_str()));
        assert_eq!(saved.at, fx.b.now());
        fx.t.cleanup().await;
    }
}

#[tokio::test]
async fn a_save_on_an_old_version_answers_the_servers_values_and_changes_nothing() {
    for fx in fixtures().await {
        let m = fx.month().await;
        let mut first = m.figures.unwrap();
        first.students += 1;
        fx.save(first, m.version, false).await.unwrap();
        let mut second = m.figures.unwrap();
        second.teachers += 1;
        let r = fx.save(second, m.version, false).await.unwrap();
        assert_eq!(
            r,
            SaveOutcome::Stale {
                server: first,
                version: m.version + 1
            }
        );
        assert_eq!(
            fx.month().await.figures,
            Some(first),
            "the stale save wrote nothing"
        );
        // Choosing the device's values: save again on the server's version.
        assert_eq!(
            fx.save(second, m.version + 1, false).await,
            Ok(SaveOutcome::Saved {
                version: m.version + 2
            })
        );
        fx.t.cleanup().await;
    }
}

#[tokio::test]
async fn a_repeated_save_whose_answer_was_lost_is_saved_not_a_conflict() {
    for fx in fixtures().await {
        let m = fx.month().await;
        let mut mine = m.figures.unwrap();
        mine.students += 3;
        fx.save(mine, m.version, false).await.unwrap();
        let total = fx.county_total().await;
        // The device never saw the answer and sends the same values again
        // on the version it knew.
        assert_eq!(
            fx.save(mine, m.version, false).await,
            Ok(SaveOutcome::Saved {
                version: m.version + 1
            })
        );
        let after = fx.month().await;
        assert_eq!(after.version, m.version + 1, "nothing written twice");
        assert_eq!(after.figures, Some(mine));
        assert_eq!(fx.county_total().await, total, "counted once");
        fx.t.cleanup().await;
    }
}

#[tokio::test]
async fn every_broken_rule_is_refused_naming_the_field_and_nothing_changes() {
    for fx in fixtures().await {
        let m = fx.month().await;
        let good = m.figures.unwrap();
        let issue = |field, kind| FieldIssue { field, kind };
        let more_than = |field, value, other, limit| {
            issue(
                field,
                FieldIssueKind::MoreThan {
                    value,
                    other,
                    limit,
                },
            )
        };
        let cases: Vec<(Figures, FieldIssue)> = vec![
            (
                Figures {
                    multimedia_rooms: good.classes + 1,
                    ..good
                },
                more_than(
                    Field::MultimediaRooms,
                    good.classes + 1,
                    Field::Classes,
                    good.classes,
                ),
            ),
            (
                Figures {
                    teacher_spaces: good.teachers + 1,
                    ..good
                },
                more_than(
                    Field::TeacherSpaces,
                    good.teachers + 1,
                    Field::Teachers,
                    good.teachers,
                ),
            ),
            (
                Figures {
                    student_spaces: good.students + 1,
                    ..good
                },
                more_than(
                    Field::StudentSpaces,
                    good.students + 1,
                    Field::Students,
                    good.students,
                ),
            ),
            (
                Figures {
                    classes: -1,
                    ..good
                },
                issue(Field::Classes, FieldIssueKind::NotCount),
            ),
            (
                Figures {
                    students: 1_000_000,
                    ..good
                },
                issue(Field::Students, FieldIssueKind::OverMax),
            ),
            (
                Figures {
                    broadband: true,
                    broadband_mbps: 0,
                    ..good
                },
                issue(Field::BroadbandMbps, FieldIssueKind::BandwidthMissing),
            ),
            (
                Figures {
                    broadband: false,
                    broadband_mbps: 100,
                    ..good
                },
                issue(
                    Field::BroadbandMbps,
                    FieldIssueKind::BandwidthWithoutBroadband,
                ),
            ),
        ];
        let before = fx.county_total().await;
        for (f, expected) in cases {
            assert_eq!(
                fx.save(f, m.version, true).await,
                Err(AppError::Invalid(expected.into()))
            );
        }
        // A jump from last month needs the explicit confirmation.
        let jump = Figures {
            students: good.students * 2,
            student_spaces: good.student_spaces,
            ..good
        };
        let refused = fx.save(jump, m.version, false).await;
        assert!(
            matches!(
                &refused,
                Err(AppError::Invalid(Reason::Field(FieldIssue {
                    field: Field::Students,
                    kind: FieldIssueKind::Jump { new, .. },
                }))) if *new == jump.students
            ),
            "{refused:?}"
        );
        let after = fx.month().await;
        assert_eq!(
            (after.figures, after.version),
            (m.figures, m.version),
            "nothing changed"
        );
        assert_eq!(fx.county_total().await, before);
        assert!(matches!(
            fx.save(jump, m.version, true).await,
            Ok(SaveOutcome::Saved { .. })
        ));
        fx.t.cleanup().await;
    }
}

#[tokio::test]
async fn a_confirmed_month_is_frozen_and_others_cannot_save() {
    for fx in fixtures().await {
        let m = fx.month().await;
        fx.b.confirm_month(&fx.admin, nov()).await.unwrap();
        assert_eq!(fx.month().await.state, Some(SchoolState::Confirmed));
        let r = fx.save(m.figures.unwrap(), m.version + 1, false).await;
        assert!(
            matches!(
                &r,
                Err(AppError::Refused(Reason::Frozen(Frozen::Confirmed)))
            ),
            "{r:?}"
        );
        let reviewer = actor_by_username(&fx.t.db, "r430104")
            .await
            .unwrap()
            .unwrap();
        let r =
            fx.b.save_school_month(&reviewer, nov(), m.figures.unwrap(), m.version, false)
                .await;
        assert_eq!(
            r,
            Err(AppError::NotFound),
            "only the school's admin saves its form"
        );
        fx.t.cleanup().await;
    }
}

#[tokio::test]
async fn the_first_save_of_a_new_month_creates_a_draft_from_version_zero() {
    for fx in fixtures().await {
        fx.t.db
            .execute(stmt(
                &fx.t.db,
                "DELETE FROM school_monthly WHERE period = $1 AND school_id = $2",
                vec![202611.into(), fx.admin.school_id.unwrap().into()],
            ))
            .await
            .unwrap();
        server::stats::rebuild_all(&fx.t.db).await.unwrap();
        let m = fx.month().await;
        assert_eq!((m.state, m.version, m.figures), (None, 0, None));
        let f = m.last.unwrap();
        let before = fx.county_total().await;
        assert_eq!(
            fx.save(f, 0, false).await,
            Ok(SaveOutcome::Saved { version: 1 })
        );
        assert_eq!(fx.month().await.state, Some(SchoolState::Draft));
        assert_eq!(fx.county_total().await.schools, before.schools + 1);
        // The same first save again (its answer lost): saved once.
        assert_eq!(
            fx.save(f, 0, false).await,
            Ok(SaveOutcome::Saved { version: 1 })
        );
        assert_eq!(fx.county_total().await.schools, before.schools + 1);
        let mut other = f;
        other.students += 1;
        assert_eq!(
            fx.save(other, 0, false).await,
            Ok(SaveOutcome::Stale {
                server: f,
                version: 1
            })
        );
        fx.t.cleanup().await;
    }
}

#[tokio::test]
async fn reviewers_in_scope_read_a_school_with_the_numbers_the_aggregates_use() {
    for fx in fixtures().await {
        let city = actor_by_username(&fx.t.db, "r430100")
            .await
            .unwrap()
            .unwrap();
        let view =
            fx.b.school_view(&city, common::sc("4301040001"), nov())
                .await
                .unwrap();
        let county = actor_by_username(&fx.t.db, "r430104")
            .await
            .unwrap()
            .unwrap();
        let listed = report::direct_schools(&fx.t.db, &county, &common::rc("430104"), nov())
            .await
            .unwrap();
        let row = listed.iter().find(|s| s.code == "4301040001").unwrap();
        assert_eq!(view.figures.map(|f| f.totals()), row.totals);
        for outsider in ["r430102", "s4301040001", "r440000"] {
            let a = actor_by_username(&fx.t.db, outsider)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                fx.b.school_view(&a, common::sc("4301040001"), nov()).await,
                Err(AppError::NotFound),
                "{outsider}"
            );
        }
        fx.t.cleanup().await;
    }
}

#[tokio::test]
async fn two_first_saves_at_once_write_once_and_answer_cleanly() {
    for fx in fixtures().await {
        fx.t.db
            .execute(stmt(
                &fx.t.db,
                "DELETE FROM school_monthly WHERE period = $1 AND school_id = $2",
                vec![202611.into(), fx.admin.school_id.unwrap().into()],
            ))
            .await
            .unwrap();
        server::stats::rebuild_all(&fx.t.db).await.unwrap();
        let f = fx.month().await.last.unwrap();
        let (b1, b2, a1, a2) = (
            fx.b.clone(),
            fx.b.clone(),
            fx.admin.clone(),
            fx.admin.clone(),
        );
        let one = tokio::spawn(async move { b1.save_school_month(&a1, nov(), f, 0, false).await });
        let two = tokio::spawn(async move { b2.save_school_month(&a2, nov(), f, 0, false).await });
        let results = [one.await.unwrap(), two.await.unwrap()];
        let saved = results
            .iter()
            .filter(|r| matches!(r, Ok(SaveOutcome::Saved { .. })))
            .count();
        // The same values twice: both are answered as saved (or the loser
        // gets a clean conflict), and the month is written once.
        assert!(saved >= 1, "{results:?}");
        assert_eq!(fx.month().await.version, 1, "{results:?}");
        for r in &results {
            assert!(
                matches!(
                    r,
                    Ok(SaveOutcome::Saved { .. })
                        | Ok(SaveOutcome::Stale { .. })
                        | Err(AppError::Conflict)
                ),
                "never an internal error: {r:?}"
            );
        }
        assert_eq!(
            fx.county_total().await.students,
            fx.brute_county_total().await,
            "aggregates moved once"
        );
        fx.t.cleanup().await;
    }
}
