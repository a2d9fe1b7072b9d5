//! The figures a status-table row adds up over schools.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Sub};

/// Sums over a set of schools for one month. `six_three` and `broadband`
/// count schools; the rest add the schools' figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub schools: i64,
    pub classes: i64,
    pub teachers: i64,
    pub students: i64,
    pub six_three: i64,
    pub broadband: i64,
    pub multimedia_rooms: i64,
    pub teacher_spaces: i64,
    pub student_spaces: i64,
}

impl Totals {
    /// What one school contributes to its region's totals.
    #[allow(clippy::too_many_arguments)]
    pub fn of_school(
        classes: i64,
        teachers: i64,
        students: i64,
        six_three: bool,
        broadband: bool,
        multimedia_rooms: i64,
        teacher_spaces: i64,
        student_spaces: i64,
    ) -> Self {
        Self {
            schools: 1,
            classes,
            teachers,
            students,
            six_three: six_three as i64,
            broadband: broadband as i64,
            multimedia_rooms,
            teacher_spaces,
            student_spaces,
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Self::default()
    }
}

impl Add for Totals {
    type Output = Totals;
    fn add(self, o: Totals) -> Totals {
        Totals {
            schools: self.schools + o.schools,
            classes: self.classes + o.classes,
            teachers: self.teachers + o.teachers,
            students: self.students + o.students,
            six_three: self.six_three + o.six_three,
            broadband: self.broadband + o.broadband,
            multimedia_rooms: self.multimedia_rooms + o.multimedia_rooms,
            teacher_spaces: self.teacher_spaces + o.teacher_spaces,
            student_spaces: self.student_spaces + o.student_spaces,
        }
    }
}

impl AddAssign for Totals {
    fn add_assign(&mut self, o: Totals) {
        *self = *self + o;
    }
}

impl Sub for Totals {
    type Output = Totals;
    fn sub(self, o: Totals) -> Totals {
        Totals {
            schools: self.schools - o.schools,
            classes: self.classes - o.classes,
            teachers: self.teachers - o.teachers,
            students: self.students - o.students,
            six_three: self.six_three - o.six_three,
            broadband: self.broadband - o.broadband,
            multimedia_rooms: self.multimedia_rooms - o.multimedia_rooms,
            teacher_spaces: self.teacher_spaces - o.teacher_spaces,
            student_spaces: self.student_spaces - o.student_spaces,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_counts_once_and_flags_count_as_schools() {
        let t = Totals::of_school(10, 20, 400, true, false, 5, 18, 300);
        assert_eq!(t.schools, 1);
        assert_eq!(t.six_three, 1);
        assert_eq!(t.broadband, 0);
    }

    #[test]
    fn replacing_a_school_figure_is_a_difference() {
        let old = Totals::of_school(10, 20, 400, true, false, 5, 18, 300);
        let new = Totals::of_school(11, 20, 430, true, true, 5, 18, 300);
        let delta = new - old;
        assert_eq!(delta.schools, 0);
        assert_eq!(delta.classes, 1);
        assert_eq!(delta.students, 30);
        assert_eq!(delta.broadband, 1);
        assert_eq!(old + delta, new);
    }

    #[test]
    fn the_default_is_zero() {
        assert!(Totals::default().is_zero());
    }
}
