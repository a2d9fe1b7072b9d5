//! Every transition of the review workflow and every refusal, on a fresh
//! database per test, with the clock moved by hand.

use crate::common;

use app::backend::prelude::*;
use app::backend::Actor;
use app::domain::lock::Frozen;
use app::domain::school::SchoolState;
use app::domain::workflow::{AuditAction, Refusal};
use app::domain::{Period, ReportState};
use app::error::AppError;
use app::message::Reason;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::backend::{actor_by_username, ServerBackend};
use server::clock::TestClock;
use server::db::stmt;
use std::sync::Arc;

const NOV: i32 = 202611;

fn nov() -> Period {
    Period::new(2026, 11).unwrap()
}

struct World {
    b: Arc<ServerBackend>,
    clock: TestClock,
    t: common::TestDb,
    /// The last audit row the seed wrote (it logs its own history).
    seeded_audit: i64,
}

impl World {
    fn db(&self) -> &DatabaseConnection {
        &self.t.db
    }
    async fn actor(&self, user: &str) -> Actor {
        actor_by_username(self.db(), user).await.unwrap().unwrap()
    }
    fn at(&self, day: u32, hour: u32) {
        self.clock.set(common::cst(2026, 11, day, hour));
    }
    async fn state(&self, code: &str) -> Option<ReportState> {
        common::state_of(self.db(), code, NOV).await
    }
    async fn submit(&self, user: &str) -> Result<(), AppError> {
        self.b.submit_report(&self.actor(user).await, nov()).await
    }
    async fn ret(&self, user: &str, child: &str) -> Result<(), AppError> {
        self.b
            .return_region(
                &self.actor(user).await,
                nov(),
                common::rc(child),
                "学生数有误".into(),
            )
            .await
    }
    async fn cancel(&self, user: &str, child: &str) -> Result<(), AppError> {
        self.b
            .cancel_region(&self.actor(user).await, nov(), common::rc(child))
            .await
    }
    /// Audit rows of November since the seed.
    async fn audit_count(&self, action: &str) -> i64 {
        common::count(
            self.db(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND period = $2 AND id > $3",
            vec![action.into(), NOV.into(), (self.seeded_audit as i32).into()],
        )
        .await
    }
}

/// Each database, seeded as if first started on 2026-11-01 08:00: October
/// is history, November's windows are all ahead.
async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 1, 8));
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        let seeded_audit = common::count(
            &t.db,
            "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS n FROM audit_log",
            vec![],
        )
        .await;
        out.push(World {
            b,
            clock,
            t,
            seeded_audit,
        });
    }
    out
}

fn refused(r: Refusal) -> Result<(), AppError> {
    Err(AppError::Refused(r.into()))
}

#[tokio::test]
async fn a_county_submits_inside_its_window_with_its_report_text() {
    for w in worlds().await {
        w.at(3, 10);
        assert_eq!(w.submit("r430104").await, refused(Refusal::NoReportText));
        common::give_text(w.db(), "430104", NOV).await;
        // One school has not confirmed yet: submitting freezes it.
        w.db().execute(stmt(w.db(), "UPDATE school_monthly SET state = 0 WHERE period = $1 AND school_id IN \
            (SELECT s.id FROM schools s JOIN regions r ON r.id = s.region_id WHERE r.code = '430104')", vec![NOV.into()])).await.unwrap();
        w.submit("r430104").await.unwrap();
        assert_eq!(w.state("430104").await, Some(ReportState::Submitted));
        let t =
            w.b.report_table(&w.actor("r430100").await, None, nov())
                .await
                .unwrap();
        let row = t
            .children
            .iter()
            .find(|c| c.region.code == "430104")
            .unwrap();
        assert!(
            row.review.reporter.is_some()
                && row.review.phone.is_some()
                && row.review.submitted_at.is_some()
        );
        assert_eq!(row.review.report_text.as_deref(), Some("月报.txt"));
        let unconfirmed = common::count(w.db(), "SELECT COUNT(*) AS n FROM school_monthly m JOIN schools s ON s.id = m.school_id \
            JOIN regions r ON r.id = s.region_id WHERE r.code = '430104' AND m.period = $1 AND m.state <> 1", vec![NOV.into()]).await;
        assert_eq!(unconfirmed, 0, "submitted data is frozen");
        assert_eq!(
            w.submit("r430104").await,
            refused(Refusal::AlreadySubmitted)
        );
        assert_eq!(w.audit_count("submit").await, 1);
        w.t.cleanup().await;
    }
}

#[tokio::test]
async fn submitting_is_refused_outside_the_window_and_to_other_roles() {
    for w in worlds().await {
        common::give_text(w.db(), "430104", NOV).await;
        w.at(6, 9);
        let e = w.submit("r430104").await.unwrap_err();
        assert!(
            matches!(
                &e,
                AppError::Refused(Reason::Workflow(Refusal::OutsideWindow(_)))
            ),
            "{e:?}"
        );
        w.at(3, 9);
        assert_eq!(
            w.submit("a430104").await,
            refused(Refusal::NotReviewer),
            "a region admin does not submit"
        );
        assert_eq!(w.submit("s4301040001").await, refused(Refusal::NotReviewer));
        assert_eq!(
            w.state("430104").await,
            None,
            "refusals write nothing, not even a pending row"
        );
        w.t.cleanup().await;
    }
}

#[tokio::test]
async fn return_resubmit_and_cancel_follow_the_manual() {
    for w in worlds().await {
        common::give_text(w.db(), "430104", NOV).await;
        common::give_text(w.db(), "430102", NOV).await;
        w.at(2, 9);
        w.submit("r430104").await.unwrap();
        w.submit("r430102").await.unwrap();
        // The city cannot return before its own window opens.
        let e = w.ret("r430100", "430104").await.unwrap_err();
        assert!(
            matches!(
                &e,
                AppError::Refused(Reason::Workflow(Refusal::OutsideWindow(_)))
            ),
            "{e:?}"
        );
        // After the county deadline the rest are auto-submitted.
        w.at(7, 9);
        w.b.run_deadlines().await.unwrap();
        assert_eq!(w.state("430105").await, Some(ReportState::AutoSubmitted));
        // 重报 needs a reason; then the county is returned, with it.
        let city = w.actor("r430100").await;
        let e =
            w.b.return_region(&city, nov(), common::rc("430104"), "  ".into())
                .await;
        assert_eq!(e, refused(Refusal::ReasonMissing));
        w.ret("r430100", "430104").await.unwrap();
        assert_eq!(w.state("430104").await, Some(ReportState::Returned));
        let own =
            w.b.report_table(&w.actor("r430104").await, None, nov())
                .await
                .unwrap()
                .own;
        assert_eq!(
            own.return_reason.as_deref(),
            Some("学生数有误"),
            "the county sees why"
        );
        assert_eq!(
            w.ret("r430100", "430104").await,
            refused(Refusal::AlreadyReturned)
        );
        // The city cannot submit while a child is returned.
        common::give_text(w.db(), "430100", NOV).await;
        assert_eq!(w.submit("r430100").await, refused(Refusal::ChildReturned));
        // The county re-submits outside its window.
        w.submit("r430104").await.unwrap();
        assert_eq!(w.state("430104").await, Some(ReportState::Submitted));
        assert_eq!(
            w.cancel("r430100", "430104").await,
            refused(Refusal::NotReturned),
            "too late to cancel"
        );
        // A second return, then 取消: back to the state before.
        w.ret("r430100", "430105").await.unwrap();
        w.cancel("r430100", "430105").await.unwrap();
        assert_eq!(w.state("430105").await, Some(ReportState::AutoSubmitted));
        assert_eq!(w.audit_count("return").await, 2);
        assert_eq!(w.audit_count("cancel").await, 1);
        assert_eq!(w.audit_count("resubmit").await, 1);
        // The audit view of the city holds what happened to its children.
        let log =
            w.b.audit(&w.actor("r430100").await, None, nov())
                .await
                .unwrap();
        assert!(
            log.iter().any(|r| r.action == AuditAction::Cancel),
            "{log:?}"
        );
        assert!(log.iter().any(|r| r.action == AuditAction::Return
            && r.note == Some(app::report::model::AuditNote::Words("学生数有误".into()))));
        assert!(log
            .iter()
            .any(|r| r.action == AuditAction::Resubmit && r.target == "岳麓区"));
        let own =
            w.b.audit(&w.actor("r430104").await, None, nov())
                .await
                .unwrap();
        assert!(
            own.iter().all(|r| r.target != "开福区"),
            "a county sees its own story only"
        );
        let e =
            w.b.audit(&w.actor("r430102").await, Some(common::rc("430104")), nov())
                .await;
        assert_eq!(e, Err(AppError::NotFound));
        // Now the city may submit; afterwards it may no longer return.
        w.submit("r430100").await.unwrap();
        assert_eq!(
            w.ret("r430100", "430105").await,
            refused(Refusal::ParentSubmitted)
        );
        w.t.cleanup().await;
    }
}

#[tokio::test]
async fn nobody_acts_across_a_level_or_outside_the_subtree() {
    for w in worlds().await {
        w.at(7, 9);
        w.b.run_deadlines().await.unwrap();
        assert_eq!(
            w.ret("r430000", "430104").await,
            refused(Refusal::NotDirect),
            "province → county skips a level"
        );
        assert_eq!(
            w.ret("r430100", "430202").await,
            Err(AppError::NotFound),
            "a county of another city"
        );
        assert_eq!(
            w.ret("r430100", "430000").await,
            Err(AppError::NotFound),
            "its own parent"
        );
        assert_eq!(
            w.ret("r430100", "430100").await,
            Err(AppError::NotFound),
            "itself"
        );
        assert_eq!(w.ret("r430104", "430100").await, Err(AppError::NotFound));
        assert_eq!(
            w.ret("a430100", "430104").await,
            refused(Refusal::NotReviewer)
        );
        let school = w.actor("r430000").await;
        let e =
            w.b.return_school(&school, nov(), common::sc("4301040001"), "原因".into())
                .await;
        assert_eq!(
            e,
            refused(Refusal::NotDirect),
            "a county's school is not the province's"
        );
        assert_eq!(
            w.state("430104").await,
            Some(ReportState::AutoSubmitted),
            "nothing changed"
        );
        w.t.cleanup().await;
    }
}

#[tokio::test]
async fn two_reviewers_racing_on_one_return_get_one_success() {
    for w in worlds().await {
        w.at(7, 9);
        w.b.run_deadlines().await.unwrap();
        // A second reviewer account of 长沙市.
        w.db().execute(stmt(w.db(), "INSERT INTO users (username, password_hash, role, region_id, name, phone, disabled, created_at) \
            SELECT 'r430100b', password_hash, role, region_id, '第二审核员', '13800000000', disabled, created_at FROM users WHERE username = 'r430100'", vec![])).await.unwrap();
        let (a, b) = (w.actor("r430100").await, w.actor("r430100b").await);
        let (b1, b2) = (w.b.clone(), w.b.clone());
        let one = tokio::spawn(async move {
            b1.return_region(&a, nov(), common::rc("430104"), "甲".into())
                .await
        });
        let two = tokio::spawn(async move {
            b2.return_region(&b, nov(), common::rc("430104"), "乙".into())
                .await
        });
        let results = [one.await.unwrap(), two.await.unwrap()];
        let wins = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "{results:?}");
        let loser = results
            .into_iter()
            .find(|r| r.is_err())
            .unwrap()
            .unwrap_err();
        assert!(
            loser == AppError::Conflict
                || loser == AppError::Refused(Refusal::AlreadyReturned.into()),
            "a clear message, not an internal error: {loser:?}"
        );
        assert_eq!(w.audit_count("return").await, 1);
        w.t.cleanup().await;
    }
}

#[tokio::test]
async fn schools_confirm_are_returned_and_cancelled_by_their_managing_region() {
    for w in worlds().await {
        let db = w.db();
        db.execute(stmt(
            db,
            "UPDATE school_monthly SET state = 0 WHERE period = $1 AND school_id = \
            (SELECT id FROM schools WHERE code = '4301040001')",
            vec![NOV.into()],
        ))
        .await
        .unwrap();
        let admin = w.actor("s4301040001").await;
        let m = w.b.school_month(&admin, nov()).await.unwrap();
        assert_eq!(m.state, Some(SchoolState::Draft));
        w.b.confirm_month(&admin, nov()).await.unwrap();
        // A second 月更新确认 is refused by the month's lock, which says
        // what to do instead.
        assert!(matches!(
            w.b.confirm_month(&admin, nov()).await,
            Err(AppError::Refused(Reason::Frozen(Frozen::Confirmed)))
        ));
        w.at(3, 9);
        let county = w.actor("r430104").await;
        w.b.return_school(
            &county,
            nov(),
            common::sc("4301040001"),
            "班级数有误".into(),
        )
        .await
        .unwrap();
        let m = w.b.school_month(&admin, nov()).await.unwrap();
        assert_eq!(
            (m.state, m.return_reason.as_deref()),
            (Some(SchoolState::Returned), Some("班级数有误"))
        );
        w.b.cancel_school(&county, nov(), common::sc("4301040001"))
            .await
            .unwrap();
        assert_eq!(
            w.b.school_month(&admin, nov()).await.unwrap().state,
            Some(SchoolState::Confirmed)
        );
        w.b.return_school(&county, nov(), common::sc("4301040001"), "再看看".into())
            .await
            .unwrap();
        common::give_text(db, "430104", NOV).await;
        assert_eq!(w.submit("r430104").await, refused(Refusal::ChildReturned));
        w.b.confirm_month(&admin, nov()).await.unwrap();
        w.submit("r430104").await.unwrap();
        assert_eq!(w.audit_count("confirm").await, 2);
        // Another school's admin cannot see or confirm this one.
        let e =
            w.b.return_school(
                &w.actor("r430102").await,
                nov(),
                common::sc("4301040001"),
                "x".into(),
            )
            .await;
        assert_eq!(e, Err(AppError::NotFound));
        w.t.cleanup().await;
    }
}

#[tokio::test]
async fn each_deadline_runs_exactly_once_and_catches_up_after_downtime() {
    for w in worlds().await {
        let db = w.db();
        // A county school that never confirmed; a county returned by its
        // city that never re-submitted.
        db.execute(stmt(
            db,
            "UPDATE school_monthly SET state = 0 WHERE period = $1 AND school_id = \
            (SELECT id FROM schools WHERE code = '4301050001')",
            vec![NOV.into()],
        ))
        .await
        .unwrap();
        w.at(7, 9);
        assert_eq!(w.b.run_deadlines().await.unwrap(), 1, "the county deadline");
        w.ret("r430100", "430104").await.unwrap();
        let school_state = common::count(db, "SELECT CAST(m.state AS BIGINT) AS n FROM school_monthly m JOIN schools s ON s.id = m.school_id \
            WHERE s.code = '4301050001' AND m.period = $1", vec![NOV.into()]).await;
        assert_eq!(
            school_state,
            SchoolState::Confirmed.code() as i64,
            "auto-confirmed at the county deadline"
        );
        // The server is down from the 7th to the 17th: on return it closes
        // city and province, in order, and not the national window.
        w.at(17, 9);
        let (b1, b2) = (w.b.clone(), w.b.clone());
        let (x, y) = tokio::join!(async move { b1.run_deadlines().await }, async move {
            b2.run_deadlines().await
        });
        assert_eq!(
            x.unwrap() + y.unwrap(),
            2,
            "two runners close each deadline once between them"
        );
        assert_eq!(w.b.run_deadlines().await.unwrap(), 0, "and never again");
        assert_eq!(
            w.state("430104").await,
            Some(ReportState::AutoSubmitted),
            "returned child auto-resubmitted"
        );
        assert_eq!(w.state("430100").await, Some(ReportState::AutoSubmitted));
        assert_eq!(w.state("430000").await, Some(ReportState::AutoSubmitted));
        assert_eq!(
            w.state("000000").await,
            None,
            "the national window is still open"
        );
        let regions = common::count(
            db,
            "SELECT COUNT(*) AS n FROM regions WHERE level >= 1",
            vec![],
        )
        .await;
        let auto = common::count(
            db,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auto_submit' AND period = $1",
            vec![NOV.into()],
        )
        .await;
        // Every non-national region once at its own deadline, plus 岳麓区
        // once more after its return.
        assert_eq!(auto, regions + 1);
        // An auto-submitted report takes the reviewer's click only until
        // the level above reports: 湖南省 has (at its own deadline).
        common::give_text(db, "430100", NOV).await;
        let e = w.submit("r430100").await;
        assert!(
            matches!(&e, Err(AppError::Refused(Reason::Frozen(Frozen::Reported { name, .. }))) if name == "湖南省"),
            "{e:?}"
        );
        assert_eq!(w.state("430100").await, Some(ReportState::AutoSubmitted));
        w.t.cleanup().await;
    }
}
