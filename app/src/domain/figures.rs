//! A school's monthly figures and the rules that guard them (SPEC §3). The
//! browser runs `validate` as the user types; the server runs it again and
//! refuses what breaks it.

use serde::{Deserialize, Serialize};

/// One school's figures for one month, as entered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::FromQueryResult))]
pub struct Figures {
    pub classes: i32,
    pub teachers: i32,
    pub students: i32,
    pub six_three: bool,
    pub broadband: bool,
    pub broadband_mbps: i32,
    pub multimedia_rooms: i32,
    pub teacher_spaces: i32,
    pub student_spaces: i32,
}

impl Figures {
    /// What the school adds to its region's totals.
    pub fn totals(&self) -> super::Totals {
        super::Totals::of_school(
            self.classes as i64,
            self.teachers as i64,
            self.students as i64,
            self.six_three,
            self.broadband,
            self.multimedia_rooms as i64,
            self.teacher_spaces as i64,
            self.student_spaces as i64,
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Classes,
    Teachers,
    Students,
    BroadbandMbps,
    MultimediaRooms,
    TeacherSpaces,
    StudentSpaces,
}

impl Field {
    pub const NUMBERS: [Field; 7] = [
        Field::Classes,
        Field::Teachers,
        Field::Students,
        Field::BroadbandMbps,
        Field::MultimediaRooms,
        Field::TeacherSpaces,
        Field::StudentSpaces,
    ];

    /// The form's field name.
    pub fn key(self) -> &'static str {
        match self {
            Field::Classes => "classes",
            Field::Teachers => "teachers",
            Field::Students => "students",
            Field::BroadbandMbps => "broadband_mbps",
            Field::MultimediaRooms => "multimedia_rooms",
            Field::TeacherSpaces => "teacher_spaces",
            Field::StudentSpaces => "student_spaces",
        }
    }

    /// The largest sane value: a school bigger than this is a typo.
    pub fn max(self) -> i32 {
        match self {
            Field::Classes => 500,
            Field::Teachers => 5_000,
            Field::Students => 50_000,
            Field::BroadbandMbps => 100_000,
            Field::MultimediaRooms => 500,
            Field::TeacherSpaces => 5_000,
            Field::StudentSpaces => 50_000,
        }
    }

    pub fn get(self, f: &Figures) -> i32 {
        match self {
            Field::Classes => f.classes,
            Field::Teachers => f.teachers,
            Field::Students => f.students,
            Field::BroadbandMbps => f.broadband_mbps,
            Field::MultimediaRooms => f.multimedia_rooms,
            Field::TeacherSpaces => f.teacher_spaces,
            Field::StudentSpaces => f.student_spaces,
        }
    }

    pub fn set(self, f: &mut Figures, v: i32) {
        match self {
            Field::Classes => f.classes = v,
            Field::Teachers => f.teachers = v,
            Field::Students => f.students = v,
            Field::BroadbandMbps => f.broadband_mbps = v,
            Field::MultimediaRooms => f.multimedia_rooms = v,
            Field::TeacherSpaces => f.teacher_spaces = v,
            Field::StudentSpaces => f.student_spaces = v,
        }
    }

    /// Fields whose month-to-month jump asks for confirmation.
    fn watched(self) -> bool {
        matches!(self, Field::Classes | Field::Teachers | Field::Students)
    }
}

/// A broken rule of one field (blocks saving) or a jump from last month
/// to confirm (blocks saving until the user confirms it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    /// The field the message stands beside.
    pub field: Field,
    pub kind: FieldIssueKind,
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldIssueKind {
    /// Nothing typed.
    Missing,
    /// Not a whole number of at least 0.
    NotCount,
    /// Over the field's `Field::max`.
    OverMax,
    /// The field's `value` exceeds the `other` field's `limit` (multimedia
    /// classrooms beyond classes, learning spaces beyond people).
    MoreThan {
        value: i32,
        other: Field,
        limit: i32,
    },
    /// Broadband answered yes with a bandwidth of 0.
    BandwidthMissing,
    /// Broadband answered no with a bandwidth.
    BandwidthWithoutBroadband,
    /// Changed from `old` last month to `new`, by more than `percent` %
    /// (the jump ratio, rounded): confirm it.
    Jump { old: i32, new: i32, percent: u32 },
}

impl FieldIssue {
    fn new(field: Field, kind: FieldIssueKind) -> Self {
        Self { field, kind }
    }

    /// Whether the issue only asks for a confirmation (a jump) rather than
    /// breaking a rule.
    pub fn needs_confirmation(&self) -> bool {
        matches!(self.kind, FieldIssueKind::Jump { .. })
    }
}

/// Parses what was typed into a count field.
pub fn parse_count(field: Field, text: &str) -> Result<i32, FieldIssue> {
    let t = text.trim();
    let bad = || FieldIssue::new(field, FieldIssueKind::NotCount);
    if t.is_empty() {
        return Err(FieldIssue::new(field, FieldIssueKind::Missing));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let v: i64 = t.parse().map_err(|_| bad())?;
    if v > field.max() as i64 {
        return Err(FieldIssue::new(field, FieldIssueKind::OverMax));
    }
    Ok(v as i32)
}

/// The default ratio of change from last month that asks for confirmation.
pub const DEFAULT_JUMP_RATIO: f64 = 0.3;

/// Every rule, in the order of the form. `last` is last month's figures;
/// `jump_ratio` the configurable threshold (0.3 = 30 %).
pub fn validate(f: &Figures, last: Option<&Figures>, jump_ratio: f64) -> Vec<FieldIssue> {
    use FieldIssueKind as K;
    let mut issues = Vec::new();
    for field in Field::NUMBERS {
        let v = field.get(f);
        if v < 0 {
            issues.push(FieldIssue::new(field, K::NotCount));
        } else if v > field.max() {
            issues.push(FieldIssue::new(field, K::OverMax));
        }
    }
    // A part cannot outnumber its whole.
    for (part, whole) in [
        (Field::MultimediaRooms, Field::Classes),
        (Field::TeacherSpaces, Field::Teachers),
        (Field::StudentSpaces, Field::Students),
    ] {
        let (value, limit) = (part.get(f), whole.get(f));
        if value > limit {
            issues.push(FieldIssue::new(
                part,
                K::MoreThan {
                    value,
                    other: whole,
                    limit,
                },
            ));
        }
    }
    if f.broadband && f.broadband_mbps == 0 {
        issues.push(FieldIssue::new(Field::BroadbandMbps, K::BandwidthMissing));
    }
    if !f.broadband && f.broadband_mbps != 0 {
        issues.push(FieldIssue::new(
            Field::BroadbandMbps,
            K::BandwidthWithoutBroadband,
        ));
    }
    if let Some(last) = last {
        for field in Field::NUMBERS.into_iter().filter(|f| f.watched()) {
            let (old, new) = (field.get(last), field.get(f));
            if old > 0 && ((new - old).abs() as f64) / (old as f64) > jump_ratio {
                issues.push(FieldIssue::new(
                    field,
                    K::Jump {
                        old,
                        new,
                        percent: (jump_ratio * 100.0).round() as u32,
                    },
                ));
            }
        }
    }
    issues
}

/// Figures that keep every rule of the form except the jumps from last
/// month (those need last month's figures; the server checks them with
/// it): what a save carries. Deserialized only through the rules, so a
/// payload that skips the form cannot carry negative or impossible
/// figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Figures", into = "Figures")]
pub struct CheckedFigures(Figures);

impl CheckedFigures {
    pub fn get(self) -> Figures {
        self.0
    }
}

impl TryFrom<Figures> for CheckedFigures {
    /// The first broken rule.
    type Error = FieldIssue;
    fn try_from(f: Figures) -> Result<Self, FieldIssue> {
        match validate(&f, None, DEFAULT_JUMP_RATIO)
            .into_iter()
            .find(|i| !i.needs_confirmation())
        {
            Some(issue) => Err(issue),
            None => Ok(Self(f)),
        }
    }
}

impl From<CheckedFigures> for Figures {
    fn from(c: CheckedFigures) -> Self {
        c.0
    }
}

/// 六三制 only where the school teaches the compulsory years (the same
/// rule as the school's own record, `admin::check_school`).
pub fn check_six_three(
    f: &Figures,
    school_type: super::SchoolType,
) -> Result<(), super::admin::SchoolIssue> {
    if f.six_three && !school_type.has_compulsory_years() {
        Err(super::admin::SchoolIssue::NoSixThree(school_type))
    } else {
        Ok(())
    }
}

/// Whether figures with these issues may be saved.
pub fn may_save(issues: &[FieldIssue], jumps_confirmed: bool) -> bool {
    issues
        .iter()
        .all(|i| i.needs_confirmation() && jumps_confirmed)
}

/// What keeps figures with these issues from being saved: the first broken
/// rule, else (jumps not confirmed) the first jump; `None` when they may
/// be saved.
pub fn first_blocking(issues: &[FieldIssue], jumps_confirmed: bool) -> Option<&FieldIssue> {
    issues
        .iter()
        .find(|i| !i.needs_confirmation())
        .or_else(|| issues.iter().find(|_| !jumps_confirmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Figures {
        Figures {
            classes: 20,
            teachers: 50,
            students: 800,
            six_three: true,
            broadband: true,
            broadband_mbps: 200,
            multimedia_rooms: 18,
            teacher_spaces: 40,
            student_spaces: 500,
        }
    }

    #[test]
    fn a_save_carries_only_figures_that_keep_the_rules() {
        assert!(CheckedFigures::try_from(good()).is_ok());
        let negative = Figures {
            classes: -1,
            ..good()
        };
        assert!(CheckedFigures::try_from(negative).is_err());
        let json = serde_json::to_string(&negative).unwrap();
        assert!(serde_json::from_str::<CheckedFigures>(&json).is_err());
        let more_rooms = serde_json::to_string(&Figures {
            multimedia_rooms: 30,
            ..good()
        })
        .unwrap();
        let refused = serde_json::from_str::<CheckedFigures>(&more_rooms).unwrap_err();
        assert_eq!(
            crate::message::decode(&refused.to_string()),
            Some(
                FieldIssue::new(
                    Field::MultimediaRooms,
                    FieldIssueKind::MoreThan {
                        value: 30,
                        other: Field::Classes,
                        limit: 20
                    }
                )
                .into()
            ),
            "the refusal arrives typed"
        );
    }

    #[test]
    fn sound_figures_have_no_issues() {
        assert!(validate(&good(), Some(&good()), DEFAULT_JUMP_RATIO).is_empty());
    }

    #[test]
    fn typed_text_must_be_a_non_negative_integer_within_bounds() {
        let refused = |field, text| parse_count(field, text).unwrap_err();
        assert_eq!(parse_count(Field::Classes, " 12 "), Ok(12));
        for text in ["-1", "1.5", "十二"] {
            assert_eq!(
                refused(Field::Classes, text),
                FieldIssue::new(Field::Classes, FieldIssueKind::NotCount)
            );
        }
        assert_eq!(
            refused(Field::Classes, " "),
            FieldIssue::new(Field::Classes, FieldIssueKind::Missing)
        );
        assert_eq!(
            refused(Field::Students, "99999999999999"),
            FieldIssue::new(Field::Students, FieldIssueKind::OverMax)
        );
        assert_eq!(refused(Field::Classes, "501").kind, FieldIssueKind::OverMax);
    }

    #[test]
    fn multimedia_classrooms_cannot_outnumber_classes() {
        let f = Figures {
            multimedia_rooms: 21,
            ..good()
        };
        let issues = validate(&f, None, DEFAULT_JUMP_RATIO);
        assert_eq!(
            issues,
            vec![FieldIssue::new(
                Field::MultimediaRooms,
                FieldIssueKind::MoreThan {
                    value: 21,
                    other: Field::Classes,
                    limit: 20
                }
            )]
        );
    }

    #[test]
    fn learning_spaces_cannot_outnumber_people() {
        let f = Figures {
            teacher_spaces: 51,
            student_spaces: 801,
            ..good()
        };
        let fields: Vec<_> = validate(&f, None, DEFAULT_JUMP_RATIO)
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, vec![Field::TeacherSpaces, Field::StudentSpaces]);
    }

    #[test]
    fn bandwidth_goes_with_the_broadband_answer() {
        let f = Figures {
            broadband_mbps: 0,
            ..good()
        };
        assert_eq!(
            validate(&f, None, 0.3),
            vec![FieldIssue::new(
                Field::BroadbandMbps,
                FieldIssueKind::BandwidthMissing
            )]
        );
        let f = Figures {
            broadband: false,
            ..good()
        };
        assert_eq!(
            validate(&f, None, 0.3),
            vec![FieldIssue::new(
                Field::BroadbandMbps,
                FieldIssueKind::BandwidthWithoutBroadband
            )]
        );
    }

    #[test]
    fn negative_or_huge_numbers_are_refused_even_if_not_typed() {
        let f = Figures {
            students: -5,
            student_spaces: 0,
            ..good()
        };
        assert!(validate(&f, None, 0.3)
            .contains(&FieldIssue::new(Field::Students, FieldIssueKind::NotCount)));
        let f = Figures {
            classes: 501,
            ..good()
        };
        assert!(validate(&f, None, 0.3)
            .contains(&FieldIssue::new(Field::Classes, FieldIssueKind::OverMax)));
    }

    #[test]
    fn a_big_jump_from_last_month_asks_for_confirmation() {
        let f = Figures {
            students: 1200,
            ..good()
        };
        let issues = validate(&f, Some(&good()), 0.3);
        assert_eq!(
            issues,
            vec![FieldIssue::new(
                Field::Students,
                FieldIssueKind::Jump {
                    old: 800,
                    new: 1200,
                    percent: 30
                }
            )]
        );
        assert!(issues[0].needs_confirmation());
        assert!(!may_save(&issues, false));
        assert!(may_save(&issues, true));
        assert_eq!(first_blocking(&issues, false), Some(&issues[0]));
        assert_eq!(first_blocking(&issues, true), None);
    }

    #[test]
    fn the_ratio_is_configurable_and_a_small_change_passes() {
        let f = Figures {
            students: 900,
            ..good()
        };
        assert!(validate(&f, Some(&good()), 0.3).is_empty());
        assert_eq!(validate(&f, Some(&good()), 0.1).len(), 1);
    }

    #[test]
    fn a_broken_rule_is_never_saved_even_when_jumps_are_confirmed() {
        let f = Figures {
            multimedia_rooms: 99,
            ..good()
        };
        let issues = validate(&f, None, 0.3);
        assert!(!may_save(&issues, true));
        assert_eq!(first_blocking(&issues, true), Some(&issues[0]));
    }
}
