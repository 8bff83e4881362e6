//! Desired directions along the floor fields: the tactical layer's last step of every tick
//! (see setDesiredDirection in src/sim/journeys.ts, which decides who holds still and who steers).

use crate::grid::cell_index;

/// For every agent i < n with steer[i] = 1: the direction of its target's floor field at its
/// raster cell (fields are 8-bit directions, per target t at offsets dirs[2t], dirs[2t + 1]),
/// or, where the field has none, the straight line to the target's point (points[2t], points[2t + 1]);
/// normalised, or zero when the agent stands on that point. Agents with steer[i] = 0 are left as
/// they are (the journeys wrote their zero direction).
///
/// # Safety
/// Per-agent arrays of at least n entries; target[i] a valid index into dirs/points for every
/// steering agent; each field cells_x·cells_y bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn steer(
    n: u32,
    x: *const f64,
    y: *const f64,
    target: *const i16,
    steer: *const u8,
    des_x: *mut f32,
    des_y: *mut f32,
    dirs: *const u32,
    points: *const f64,
    origin_x: f64,
    origin_y: f64,
    cell_m: f64,
    cells_x: u32,
    cells_y: u32,
) {
    for i in 0..n as usize {
        if *steer.add(i) == 0 {
            continue;
        }
        let t = *target.add(i) as usize;
        let (xi, yi) = (*x.add(i), *y.add(i));
        let c = (cell_index(yi, origin_y, cell_m, cells_y) * cells_x + cell_index(xi, origin_x, cell_m, cells_x)) as usize;
        let field_x = *dirs.add(2 * t) as usize as *const i8;
        let field_y = *dirs.add(2 * t + 1) as usize as *const i8;
        let mut dx = *field_x.add(c) as f64;
        let mut dy = *field_y.add(c) as f64;
        if dx == 0.0 && dy == 0.0 {
            dx = *points.add(2 * t) - xi;
            dy = *points.add(2 * t + 1) - yi;
        }
        let norm = (dx * dx + dy * dy).sqrt();
        if norm < 1e-9 {
            *des_x.add(i) = 0.0;
            *des_y.add(i) = 0.0;
        } else {
            *des_x.add(i) = (dx / norm) as f32;
            *des_y.add(i) = (dy / norm) as f32;
        }
    }
}
