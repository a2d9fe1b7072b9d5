//! The deterministic demo generator: about 200,000 schools with realistic
//! types and sizes (Ministry of Education bulletins, 2024: primary classes
//! average ~37 pupils, junior ~47; see data/README.md), and their monthly
//! figures. Same seed, same tree, same months: same data, byte for byte.

use super::regions::RegionRow;
use app::domain::{Level, Period, SchoolType};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone)]
pub struct School {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub kind: SchoolType,
    pub six_three: bool,
    pub region_id: i32,
    base: Base,
}

#[derive(Debug, Clone, Copy)]
struct Base {
    classes: i32,
    per_class: f64,
    teacher_ratio: f64,
    broadband: bool,
    mbps: i32,
    rooms_share: f64,
    teacher_space_share: f64,
    student_space_share: f64,
}

/// One school's figures for one month.
#[derive(Debug, Clone, Copy)]
pub struct Monthly {
    pub classes: i32,
    pub teachers: i32,
    pub students: i32,
    pub six_three: bool,
    pub broadband: bool,
    pub mbps: i32,
    pub multimedia_rooms: i32,
    pub teacher_spaces: i32,
    pub student_spaces: i32,
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total);
    for (v, w) in weighted {
        if x < *w {
            return *v;
        }
        x -= w;
    }
    weighted[0].0
}

const COUNTY_MIX: &[(SchoolType, u32)] = &[
    (SchoolType::Primary, 44),
    (SchoolType::TeachingPoint, 18),
    (SchoolType::Junior, 17),
    (SchoolType::NineYear, 7),
    (SchoolType::Senior, 5),
    (SchoolType::Complete, 3),
    (SchoolType::Vocational, 4),
    (SchoolType::TwelveYear, 1),
    (SchoolType::Special, 1),
];

const CITY_MIX: &[(SchoolType, u32)] = &[
    (SchoolType::Senior, 40),
    (SchoolType::Complete, 20),
    (SchoolType::Vocational, 25),
    (SchoolType::Special, 10),
    (SchoolType::Junior, 5),
];

const PROVINCE_MIX: &[(SchoolType, u32)] = &[
    (SchoolType::Senior, 50),
    (SchoolType::Vocational, 30),
    (SchoolType::Special, 10),
    (SchoolType::Complete, 10),
];

const NATIONAL_MIX: &[(SchoolType, u32)] = &[(SchoolType::Senior, 60), (SchoolType::Complete, 40)];

/// Classes, pupils per class and pupils per teacher, by type.
fn size_of(kind: SchoolType, rng: &mut ChaCha8Rng) -> (i32, f64, f64) {
    match kind {
        SchoolType::Primary => (
            rng.gen_range(6..=36),
            rng.gen_range(30.0..44.0),
            rng.gen_range(14.0..18.0),
        ),
        SchoolType::TeachingPoint => (
            rng.gen_range(1..=4),
            rng.gen_range(5.0..20.0),
            rng.gen_range(6.0..12.0),
        ),
        SchoolType::Junior => (
            rng.gen_range(6..=36),
            rng.gen_range(42.0..52.0),
            rng.gen_range(11.0..14.0),
        ),
        SchoolType::NineYear => (
            rng.gen_range(9..=45),
            rng.gen_range(35.0..46.0),
            rng.gen_range(12.0..16.0),
        ),
        SchoolType::Senior => (
            rng.gen_range(12..=60),
            rng.gen_range(45.0..55.0),
            rng.gen_range(11.0..14.0),
        ),
        SchoolType::Complete => (
            rng.gen_range(18..=60),
            rng.gen_range(44.0..52.0),
            rng.gen_range(11.0..14.0),
        ),
        SchoolType::TwelveYear => (
            rng.gen_range(18..=72),
            rng.gen_range(38.0..48.0),
            rng.gen_range(11.0..14.0),
        ),
        SchoolType::Special => (
            rng.gen_range(4..=20),
            rng.gen_range(8.0..12.0),
            rng.gen_range(3.0..5.0),
        ),
        SchoolType::Vocational => (
            rng.gen_range(12..=80),
            rng.gen_range(35.0..45.0),
            rng.gen_range(18.0..22.0),
        ),
    }
}

const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 12 → 十二, 40 → 四十, 103 → 一百〇三.
pub fn chinese_number(n: u32) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => format!(
            "{}百{}",
            DIGITS[(n / 100 % 10) as usize],
            match n % 100 {
                0 => String::new(),
                r @ 1..=9 => format!("〇{}", DIGITS[r as usize]),
                r @ 10..=19 => format!("一{}", chinese_number(r)),
                r => chinese_number(r),
            }
        ),
    }
}

fn suffix(kind: SchoolType) -> &'static str {
    match kind {
        SchoolType::Primary => "小学",
        SchoolType::TeachingPoint => "教学点",
        SchoolType::Junior => "初级中学",
        SchoolType::NineYear => "九年一贯制学校",
        SchoolType::Senior => "高级中学",
        SchoolType::Complete => "中学",
        SchoolType::TwelveYear => "十二年一贯制学校",
        SchoolType::Special => "特殊教育学校",
        SchoolType::Vocational => "职业中专",
    }
}

/// Provinces where the 五四制 is common, so fewer schools run 六三制.
fn five_four_common(province_code: &str) -> bool {
    matches!(&province_code[..2], "23" | "31" | "37")
}

/// Generates the schools of every region. `scale` (0..=1] shrinks the
/// counts for tests; 1.0 gives the national demo.
pub fn generate(regions: &[RegionRow], rng: &mut ChaCha8Rng, scale: f64) -> Vec<School> {
    let has_children: std::collections::HashSet<i32> =
        regions.iter().filter_map(|r| r.parent_id).collect();
    let province_of = province_codes(regions);
    let mut schools = Vec::new();
    for r in regions {
        let (range, mix): (std::ops::RangeInclusive<u32>, &[(SchoolType, u32)]) = match r.level {
            Level::County => (20..=114, COUNTY_MIX),
            // Cities without counties (东莞市, 中山市, 儋州市) run all their schools.
            Level::City if !has_children.contains(&r.id) => (150..=300, COUNTY_MIX),
            Level::City => (4..=8, CITY_MIX),
            Level::Province => (8..=15, PROVINCE_MIX),
            Level::National => (12..=12, NATIONAL_MIX),
        };
        let n = rng.gen_range(range);
        let n = ((n as f64 * scale).round() as u32).max(1);
        let five_four = five_four_common(&province_of[&r.id]);
        let mut per_kind: std::collections::HashMap<SchoolType, u32> = Default::default();
        for seq in 1..=n {
            let kind = pick(rng, mix);
            let k = per_kind.entry(kind).or_insert(0);
            *k += 1;
            let prefix = if r.level == Level::National {
                "教育部直属"
            } else {
                r.name.as_str()
            };
            let name = format!("{prefix}第{}{}", chinese_number(*k), suffix(kind));
            let six_three =
                kind.has_compulsory_years() && rng.gen_bool(if five_four { 0.4 } else { 0.9 });
            let (classes, per_class, teacher_ratio) = size_of(kind, rng);
            let broadband = rng.gen_bool(if kind == SchoolType::TeachingPoint {
                0.85
            } else {
                0.97
            });
            let base = Base {
                classes,
                per_class,
                teacher_ratio,
                broadband,
                mbps: if broadband {
                    pick(rng, &[(100, 3), (200, 3), (500, 3), (1000, 1)])
                } else {
                    0
                },
                rooms_share: rng.gen_range(0.6..1.0),
                teacher_space_share: rng.gen_range(0.5..0.95),
                student_space_share: rng.gen_range(0.2..0.85),
            };
            schools.push(School {
                id: schools.len() as i32 + 1,
                code: format!("{}{:04}", r.code, seq),
                name,
                kind,
                six_three,
                region_id: r.id,
                base,
            });
        }
    }
    schools
}

fn province_codes(regions: &[RegionRow]) -> std::collections::HashMap<i32, String> {
    let by_id: std::collections::HashMap<i32, &RegionRow> =
        regions.iter().map(|r| (r.id, r)).collect();
    regions
        .iter()
        .map(|r| {
            let mut at = r;
            while at.level > Level::Province {
                match at.parent_id.and_then(|p| by_id.get(&p)) {
                    Some(p) => at = p,
                    None => break,
                }
            }
            (r.id, at.code.clone())
        })
        .collect()
}

impl School {
    /// The school's figures in the `step`-th of the generated months (0 is
    /// the oldest): enrolment drifts a little, rooms and learning spaces grow.
    pub fn monthly(&self, step: u32, rng: &mut ChaCha8Rng) -> Monthly {
        let b = self.base;
        let classes = b.classes;
        let drift = rng.gen_range(-0.015..0.015);
        let students = ((classes as f64 * b.per_class) * (1.0 + drift))
            .round()
            .max(1.0) as i32;
        let teachers = ((students as f64 / b.teacher_ratio).round() as i32).max(1);
        let growth = 1.0 + 0.02 * step as f64;
        let share = |s: f64| (s * growth).min(1.0);
        Monthly {
            classes,
            teachers,
            students,
            six_three: self.six_three,
            broadband: b.broadband,
            mbps: b.mbps,
            multimedia_rooms: (classes as f64 * share(b.rooms_share)).floor() as i32,
            teacher_spaces: (teachers as f64 * share(b.teacher_space_share)).floor() as i32,
            student_spaces: (students as f64 * share(b.student_space_share)).floor() as i32,
        }
    }
}

/// The months the demo fills: the last three, ending with `current`.
pub fn demo_periods(current: Period) -> Vec<Period> {
    let mut v = vec![current.prev().prev(), current.prev(), current];
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn chinese_numbers_read_naturally() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(40), "四十");
        assert_eq!(chinese_number(99), "九十九");
        assert_eq!(chinese_number(103), "一百〇三");
        assert_eq!(chinese_number(110), "一百一十");
        assert_eq!(chinese_number(250), "二百五十");
    }

    #[test]
    fn monthly_figures_respect_the_validation_bounds() {
        let regions = super::super::regions::parse(super::super::regions::REGIONS_CSV).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let schools = generate(&regions, &mut rng, 0.05);
        for s in &schools {
            for step in 0..3 {
                let m = s.monthly(step, &mut rng);
                assert!(m.multimedia_rooms <= m.classes, "{s:?}");
                assert!(m.teacher_spaces <= m.teachers);
                assert!(m.student_spaces <= m.students);
                assert!(m.classes > 0 && m.teachers > 0 && m.students > 0);
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_schools() {
        let regions = super::super::regions::parse(super::super::regions::REGIONS_CSV).unwrap();
        let a = generate(&regions, &mut ChaCha8Rng::seed_from_u64(1), 0.02);
        let b = generate(&regions, &mut ChaCha8Rng::seed_from_u64(1), 0.02);
        assert_eq!(a.len(), b.len());
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.code == y.code && x.name == y.name));
    }

    #[test]
    fn the_national_demo_has_about_two_hundred_thousand_schools() {
        let regions = super::super::regions::parse(super::super::regions::REGIONS_CSV).unwrap();
        let n = generate(
            &regions,
            &mut ChaCha8Rng::seed_from_u64(super::super::SEED),
            1.0,
        )
        .len();
        assert!((180_000..=220_000).contains(&n), "{n}");
    }

    #[test]
    fn the_demo_months_end_with_the_current_one() {
        let p = demo_periods(Period::new(2026, 1).unwrap());
        assert_eq!(
            p,
            vec![
                Period::new(2025, 11).unwrap(),
                Period::new(2025, 12).unwrap(),
                Period::new(2026, 1).unwrap()
            ]
        );
    }
}
