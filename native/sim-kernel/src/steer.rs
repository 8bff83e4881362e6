//! Desired directions along the floor fields: the tactical layer's last step of every tick.
//! `decide_steer` sets who holds still and who steers (and how) from the journeys' states,
//! `steer` then reads the directions of those who steer (see src/sim/steering.ts).

use crate::grid::cell_index;

/// Journey states and steer codes as in src/sim/agents.ts (`AgentState`, `Steer`; kernel.test.ts
/// checks that they agree).
const STATE_WATCH: u8 = 1;
const STATE_SERVICE: u8 = 2;
const STATE_EXIT: u8 = 3;
const STATE_WAIT: u8 = 4;
const STEER_HOLD: u8 = 0;
const STEER_KEEP: u8 = 1;
const STEER_PASS: u8 = 2;
/// `until_s` of a leaving agent standing at its gate, waiting for the door (journeys.ts, AT_DOOR).
const AT_DOOR: f64 = -1.0;

/// For every agent i < n, after the journeys' decisions at time `time_s`: HOLD (and a zero
/// desired direction) while it waits, is served, is out, has no target, watches from its spot
/// (until_s still ahead) or stands at its gate for the door; else PASS on the way through (to a
/// bar, a gate, out) and KEEP for a watcher pressing to its stage. With `pass_hints`
/// (rerouting), a watcher not yet placed keeps the code the journeys left in `steer` (PASS while
/// it is still more than a few metres from its spot, worked out on the floor field there). The
/// desired direction of those who steer is `steer`'s to write: every one is zeroed here.
/// Without a branch on the state: it is as mixed as the crowd.
///
/// # Safety
/// Per-agent arrays of at least n entries.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn decide_steer(
    n: u32,
    time_s: f64,
    pass_hints: u32,
    state: *const u8,
    done: *const u8,
    target: *const i16,
    until_s: *const f64,
    placed: *const u8,
    steer: *mut u8,
    des_x: *mut f32,
    des_y: *mut f32,
) {
    let hints = pass_hints != 0;
    for i in 0..n as usize {
        let s = *state.add(i);
        let until = *until_s.add(i);
        let hold = (s == STATE_WAIT)
            | (s == STATE_SERVICE)
            | (*done.add(i) == 1)
            | (*target.add(i) < 0)
            | ((s == STATE_WATCH) & (time_s < until))
            | ((s == STATE_EXIT) & (until == AT_DOOR));
        let watching = if hints & (*placed.add(i) == 0) { *steer.add(i) } else { STEER_KEEP };
        let go = if s == STATE_WATCH { watching } else { STEER_PASS };
        *steer.add(i) = if hold { STEER_HOLD } else { go };
        *des_x.add(i) = 0.0;
        *des_y.add(i) = 0.0;
    }
}

/// For every agent i < n with steer[i] ≠ HOLD: the direction of its target's floor field at its
/// raster cell (fields are 8-bit directions, per target t at offsets dirs[2t], dirs[2t + 1]),
/// or, where the field has none, the straight line to the target's point (points[2t], points[2t + 1]);
/// normalised, or zero when the agent stands on that point. Agents that hold are left as they
/// are (`decide_steer` zeroed their direction).
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
        if *steer.add(i) == STEER_HOLD {
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
