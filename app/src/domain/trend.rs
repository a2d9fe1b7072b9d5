//! 年度趋势: which figure a trend chart shows and where its points go. Pure,
//! so the chart's geometry is tested here and the component only draws.

pub use super::indicator::Indicator;

/// A chart's drawing area: `width` × `height` inside `margin`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub margin: f64,
}

/// Where each month's value goes: x by month (1–12 across the width), y
/// scaled between the smallest and largest value (a flat line sits in the
/// middle). Months without data have no point.
pub fn points(values: &[(u32, i64)], f: Frame) -> Vec<(u32, f64, f64)> {
    if values.is_empty() {
        return Vec::new();
    }
    let (lo, hi) = values
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    let span = hi.abs_diff(lo) as f64;
    let inner_w = f.width - 2.0 * f.margin;
    let inner_h = f.height - 2.0 * f.margin;
    values
        .iter()
        .map(|&(month, v)| {
            let x = f.margin + inner_w * (month.clamp(1, 12) - 1) as f64 / 11.0;
            let share = if span > 0.0 {
                (v - lo) as f64 / span
            } else {
                0.5
            };
            let y = f.margin + inner_h * (1.0 - share);
            (month, x, y)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Frame = Frame {
        width: 220.0,
        height: 120.0,
        margin: 10.0,
    };

    #[test]
    fn months_spread_across_and_values_scale_between_min_and_max() {
        let p = points(&[(1, 100), (6, 150), (12, 200)], F);
        assert_eq!(p[0], (1, 10.0, 110.0), "the smallest at the bottom");
        assert_eq!(p[2], (12, 210.0, 10.0), "the largest at the top");
        assert!((p[1].2 - 60.0).abs() < 1e-9);
    }

    #[test]
    fn a_flat_series_sits_in_the_middle_and_nothing_draws_nothing() {
        let p = points(&[(3, 7), (4, 7)], F);
        assert!(p.iter().all(|(_, _, y)| (*y - 60.0).abs() < 1e-9));
        assert!(points(&[], F).is_empty());
    }
}
