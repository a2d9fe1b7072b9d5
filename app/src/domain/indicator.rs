//! The indicator catalog: every aggregate figure a region's row shows, and
//! where its value comes from. The status table's columns, the exports, the
//! trend's choices all read it, so a figure is ordered in one place (and
//! named in one place: `crate::i18n::Named`, the manual's label in zh-CN).

use super::Totals;
use serde::{Deserialize, Serialize};

/// One aggregate figure of a region (or of a school's month, as a region
/// of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Indicator {
    Schools,
    Classes,
    Teachers,
    Students,
    SixThree,
    Broadband,
    MultimediaRooms,
    TeacherSpaces,
    StudentSpaces,
}

impl Indicator {
    /// The figure columns of 上报情况, in the manual's order.
    pub const COLUMNS: [Indicator; 9] = [
        Indicator::Schools,
        Indicator::Classes,
        Indicator::Teachers,
        Indicator::Students,
        Indicator::SixThree,
        Indicator::Broadband,
        Indicator::MultimediaRooms,
        Indicator::TeacherSpaces,
        Indicator::StudentSpaces,
    ];

    /// The figures a 年度趋势 can follow, most asked-for first (六三制 is a
    /// count of schools by their system, not a trend anyone reads).
    pub const TREND: [Indicator; 8] = [
        Indicator::Students,
        Indicator::Teachers,
        Indicator::Classes,
        Indicator::Schools,
        Indicator::Broadband,
        Indicator::MultimediaRooms,
        Indicator::TeacherSpaces,
        Indicator::StudentSpaces,
    ];

    /// The figure's value in `t`.
    pub fn of(self, t: &Totals) -> i64 {
        match self {
            Indicator::Schools => t.schools,
            Indicator::Classes => t.classes,
            Indicator::Teachers => t.teachers,
            Indicator::Students => t.students,
            Indicator::SixThree => t.six_three,
            Indicator::Broadband => t.broadband,
            Indicator::MultimediaRooms => t.multimedia_rooms,
            Indicator::TeacherSpaces => t.teacher_spaces,
            Indicator::StudentSpaces => t.student_spaces,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_reads_its_own_figure() {
        let t = Totals {
            schools: 1,
            classes: 2,
            teachers: 3,
            students: 4,
            six_three: 5,
            broadband: 6,
            multimedia_rooms: 7,
            teacher_spaces: 8,
            student_spaces: 9,
        };
        let values: Vec<i64> = Indicator::COLUMNS.iter().map(|i| i.of(&t)).collect();
        assert_eq!(values, (1..=9).collect::<Vec<_>>());
        assert!(Indicator::TREND
            .iter()
            .all(|i| Indicator::COLUMNS.contains(i)));
    }
}
