//! Random sequences of review actions, by random actors on random days,
//! applied through the domain's guards (as the server applies them), checked
//! after every step against a simple model written straight from SPEC §5
//! and against the workflow's invariants.

use app::domain::school::SchoolState;
use app::domain::window::Windows;
use app::domain::workflow::*;
use app::domain::{Level, Period, Role};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::HashMap;

// The tree: 0 national → 1 province → 2 city → 3, 4 counties; 5 a county
// directly under the province (a municipality-like shape).
const LEVELS: [Level; 6] = [
    Level::National,
    Level::Province,
    Level::City,
    Level::County,
    Level::County,
    Level::County,
];
const PARENT: [Option<usize>; 6] = [None, Some(0), Some(1), Some(2), Some(2), Some(1)];
// Schools and their managing regions.
const SCHOOL_REGION: [usize; 6] = [3, 4, 2, 1, 5, 0];

#[derive(Debug, Clone)]
enum Action {
    Upload(usize),
    Submit {
        actor: Role,
        region: usize,
    },
    ReturnRegion {
        actor: Role,
        parent: usize,
        child: usize,
        reason: String,
    },
    ReturnSchool {
        actor: Role,
        parent: usize,
        school: usize,
    },
    CancelRegion {
        parent: usize,
        child: usize,
    },
    CancelSchool {
        parent: usize,
        school: usize,
    },
    Confirm(usize),
    NextDay,
}

fn action() -> impl Strategy<Value = Action> {
    let role = prop_oneof![
        6 => Just(Role::Reviewer),
        1 => Just(Role::NationalAdmin),
        1 => Just(Role::RegionAdmin),
        1 => Just(Role::SchoolAdmin),
    ];
    prop_oneof![
        2 => (0..6usize).prop_map(Action::Upload),
        4 => (role.clone(), 0..6usize).prop_map(|(actor, region)| Action::Submit { actor, region }),
        4 => (role.clone(), 0..6usize, 0..6usize, prop_oneof![Just(String::new()), Just("学生数有误".to_string())])
            .prop_map(|(actor, parent, child, reason)| Action::ReturnRegion { actor, parent, child, reason }),
        3 => (role, 0..6usize, 0..6usize).prop_map(|(actor, parent, school)| Action::ReturnSchool { actor, parent, school }),
        2 => (0..6usize, 0..6usize).prop_map(|(parent, child)| Action::CancelRegion { parent, child }),
        2 => (0..6usize, 0..6usize).prop_map(|(parent, school)| Action::CancelSchool { parent, school }),
        3 => (0..6usize).prop_map(Action::Confirm),
        5 => Just(Action::NextDay),
    ]
}

#[derive(Debug, Clone)]
struct World {
    day: u32,
    regions: [ReportState; 6],
    before_return: [Option<ReportState>; 6],
    schools: [SchoolState; 6],
    texts: [bool; 6],
    deadlines_done: HashMap<Level, bool>,
}

const PERIOD: (i32, u32) = (2026, 11);

fn period() -> Period {
    Period::new(PERIOD.0, PERIOD.1).unwrap()
}

fn today(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(PERIOD.0, PERIOD.1, day).unwrap()
}

impl World {
    fn new() -> Self {
        World {
            day: 1,
            regions: [ReportState::Pending; 6],
            before_return: [None; 6],
            schools: [SchoolState::Draft; 6],
            texts: [false; 6],
            deadlines_done: HashMap::new(),
        }
    }

    fn window_open(&self, r: usize) -> bool {
        Windows::default()
            .of(LEVELS[r])
            .is_open(period(), today(self.day))
    }

    fn children(r: usize) -> impl Iterator<Item = usize> {
        (0..6).filter(move |c| PARENT[*c] == Some(r))
    }

    fn schools_of(r: usize) -> impl Iterator<Item = usize> {
        (0..6).filter(move |s| SCHOOL_REGION[*s] == r)
    }

    fn submit_context(&self, r: usize) -> SubmitContext {
        let returned = Self::children(r)
            .filter(|c| self.regions[*c] == ReportState::Returned)
            .count()
            + Self::schools_of(r)
                .filter(|s| self.schools[*s] == SchoolState::Returned)
                .count();
        SubmitContext {
            own: self.regions[r],
            window_open: self.window_open(r),
            has_report_text: self.texts[r],
            returned_children: returned as u32,
            pending_children: Self::children(r)
                .filter(|c| self.regions[*c] == ReportState::Pending)
                .count() as u32,
        }
    }

    /// The system: every decision through the domain's guards.
    fn apply(&mut self, a: &Action) -> Result<(), Refusal> {
        let rule = app::domain::Windows::default()
            .of(app::domain::Level::County)
            .rule(app::domain::Level::County);
        match a {
            Action::Upload(r) => {
                self.texts[*r] = true;
                Ok(())
            }
            Action::Submit { actor, region } => {
                if !actor.reviews() {
                    return Err(Refusal::NotReviewer);
                }
                check_submit(&self.submit_context(*region), rule)?;
                for s in Self::schools_of(*region) {
                    if let Some(to) = school_at_deadline(self.schools[s]) {
                        self.schools[s] = to;
                    }
                }
                self.regions[*region] = ReportState::Submitted;
                Ok(())
            }
            Action::ReturnRegion {
                actor,
                parent,
                child,
                reason,
            } => {
                if !actor.reviews() {
                    return Err(Refusal::NotReviewer);
                }
                if PARENT[*child] != Some(*parent) {
                    return Err(Refusal::NotDirect);
                }
                check_parent_may_return(self.regions[*parent], self.window_open(*parent), rule)?;
                let to = check_return_region(self.regions[*child])?;
                check_reason(reason)?;
                self.before_return[*child] = Some(self.regions[*child]);
                self.regions[*child] = to;
                Ok(())
            }
            Action::ReturnSchool {
                actor,
                parent,
                school,
            } => {
                if !actor.reviews() {
                    return Err(Refusal::NotReviewer);
                }
                if SCHOOL_REGION[*school] != *parent {
                    return Err(Refusal::NotDirect);
                }
                check_parent_may_return(self.regions[*parent], self.window_open(*parent), rule)?;
                self.schools[*school] = check_return_school(self.schools[*school])?;
                Ok(())
            }
            Action::CancelRegion { parent, child } => {
                if PARENT[*child] != Some(*parent) {
                    return Err(Refusal::NotDirect);
                }
                let before = self.before_return[*child].unwrap_or(ReportState::Pending);
                let returned_below = World::children(*child)
                    .filter(|r| self.regions[*r] == ReportState::Returned)
                    .count()
                    + World::schools_of(*child)
                        .filter(|s| self.schools[*s] == SchoolState::Returned)
                        .count();
                self.regions[*child] =
                    check_cancel_region(self.regions[*child], before, returned_below as u32)?;
                Ok(())
            }
            Action::CancelSchool { parent, school } => {
                if SCHOOL_REGION[*school] != *parent {
                    return Err(Refusal::NotDirect);
                }
                self.schools[*school] = check_cancel_school(self.schools[*school])?;
                Ok(())
            }
            Action::Confirm(s) => {
                let managing = self.regions[SCHOOL_REGION[*s]];
                if managing.is_reported() {
                    // The server never lets this happen: a reported region's
                    // schools are all confirmed (invariant below).
                    assert_ne!(self.schools[*s], SchoolState::Draft);
                }
                self.schools[*s] = check_confirm(self.schools[*s])?;
                Ok(())
            }
            Action::NextDay => {
                self.day += 1;
                self.run_deadlines();
                Ok(())
            }
        }
    }

    /// The deadline job as the server runs it: for each level whose window
    /// has closed, close out every region of that level and below.
    fn run_deadlines(&mut self) {
        for deadline in [Level::County, Level::City, Level::Province, Level::National] {
            let w = Windows::default();
            if !w.of(deadline).has_closed(period(), today(self.day)) {
                continue;
            }
            // Deepest first, so children are closed before their parents.
            let mut order: Vec<usize> = (0..6)
                .filter(|r| closed_by_deadline(LEVELS[*r], deadline))
                .collect();
            order.sort_by_key(|r| std::cmp::Reverse(depth(*r)));
            for r in order {
                for s in Self::schools_of(r) {
                    if let Some(to) = school_at_deadline(self.schools[s]) {
                        self.schools[s] = to;
                    }
                }
                if let Some(to) = at_deadline(self.regions[r]) {
                    self.regions[r] = to;
                }
            }
            self.deadlines_done.insert(deadline, true);
        }
    }
}

fn depth(mut r: usize) -> usize {
    let mut d = 0;
    while let Some(p) = PARENT[r] {
        r = p;
        d += 1;
    }
    d
}

/// The model: which actions SPEC §5 allows, written independently.
fn model_allows(w: &World, a: &Action) -> bool {
    use ReportState::*;
    let open = |r: usize| {
        let (first, last) = match LEVELS[r] {
            Level::County => (1, 5),
            Level::City => (6, 10),
            Level::Province => (11, 15),
            Level::National => (16, 20),
        };
        (first..=last).contains(&w.day)
    };
    let parent_may_return =
        |p: usize| (w.regions[p] == Pending && open(p)) || w.regions[p] == Returned;
    match a {
        Action::Upload(_) | Action::NextDay => true,
        Action::Submit { actor, region } => {
            let r = *region;
            let kids_ok = World::children(r)
                .all(|c| matches!(w.regions[c], Submitted | AutoSubmitted))
                && World::schools_of(r).all(|s| w.schools[s] != SchoolState::Returned);
            matches!(actor, Role::Reviewer | Role::NationalAdmin)
                && w.texts[r]
                && kids_ok
                && match w.regions[r] {
                    Pending => open(r),
                    Returned | AutoSubmitted => true,
                    Submitted => false,
                }
        }
        Action::ReturnRegion {
            actor,
            parent,
            child,
            reason,
        } => {
            matches!(actor, Role::Reviewer | Role::NationalAdmin)
                && PARENT[*child] == Some(*parent)
                && parent_may_return(*parent)
                && matches!(w.regions[*child], Submitted | AutoSubmitted)
                && !reason.trim().is_empty()
        }
        Action::ReturnSchool {
            actor,
            parent,
            school,
        } => {
            matches!(actor, Role::Reviewer | Role::NationalAdmin)
                && SCHOOL_REGION[*school] == *parent
                && parent_may_return(*parent)
                && w.schools[*school] == SchoolState::Confirmed
        }
        Action::CancelRegion { parent, child } => {
            PARENT[*child] == Some(*parent)
                && w.regions[*child] == Returned
                && World::children(*child).all(|c| w.regions[c] != Returned)
                && World::schools_of(*child).all(|s| w.schools[s] != SchoolState::Returned)
        }
        Action::CancelSchool { parent, school } => {
            SCHOOL_REGION[*school] == *parent && w.schools[*school] == SchoolState::Returned
        }
        Action::Confirm(s) => w.schools[*s] != SchoolState::Confirmed,
    }
}

fn check_invariants(w: &World) -> Result<(), String> {
    for r in 0..6 {
        if w.regions[r].is_reported() {
            for c in World::children(r) {
                if !w.regions[c].is_reported() {
                    return Err(format!(
                        "region {r} reported while child {c} is {:?}",
                        w.regions[c]
                    ));
                }
            }
            for s in World::schools_of(r) {
                if w.schools[s] != SchoolState::Confirmed {
                    return Err(format!(
                        "region {r} reported while school {s} is {:?}",
                        w.schools[s]
                    ));
                }
            }
        }
        if w.regions[r] == ReportState::Returned
            && !w.before_return[r].is_some_and(|b| b.is_reported())
        {
            return Err(format!(
                "region {r} returned without a reported state to go back to"
            ));
        }
    }
    for (deadline, done) in &w.deadlines_done {
        if *done {
            for r in (0..6).filter(|r| closed_by_deadline(LEVELS[*r], *deadline)) {
                if w.regions[r] == ReportState::Pending {
                    return Err(format!(
                        "region {r} still pending after the {deadline:?} deadline"
                    ));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_guards_agree_with_the_model_and_keep_the_invariants(actions in prop::collection::vec(action(), 1..120)) {
        let mut w = World::new();
        for a in &actions {
            if w.day > 25 {
                break;
            }
            let allowed = model_allows(&w, a);
            let before = w.clone();
            let result = w.apply(a);
            prop_assert_eq!(result.is_ok(), allowed, "action {:?} on {:?} gave {:?}", a, before, result);
            if result.is_err() {
                prop_assert_eq!(format!("{:?}", w.regions), format!("{:?}", before.regions), "a refusal changed nothing");
                prop_assert_eq!(format!("{:?}", w.schools), format!("{:?}", before.schools));
            }
            if let Err(e) = check_invariants(&w) {
                prop_assert!(false, "after {:?}: {}", a, e);
            }
        }
    }
}
