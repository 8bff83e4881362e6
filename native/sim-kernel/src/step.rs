//! The operational step: the collision-free speed model (Tordeux, Chraibi & Seyfried 2016; as in
//! JuPedSim) with crowdflow's creep, wall guard, holding agents and dense-crowd cutoff. The
//! formulas and the reasons for each addition are in src/sim/operational-model.ts; this is
//! their one implementation. Each agent's neighbours are gathered once into a scratch packed by
//! 5 (offset x, offset y, squared distance, sum of radii, packed desired direction) for the
//! direction and the spacing.

use crate::exp_table::{exp_neg, RANGE};
use crate::grid::unpack_dir;
use crate::walls::Walls;

/// A neighbour lies beyond the repulsion's reach for sure when d² > (l + RANGE·D + slack)²; the
/// slack keeps the squared pre-test from disagreeing with the exact test in rounding.
const REACH_SLACK_M: f64 = 1e-6;
/// Slack of the spacing's pre-test d ≥ along (|direction| = 1 within 1e-7 and d ≤ cutoff ≤ 5 m).
const SPACING_SLACK_M: f64 = 1e-6;

/// `steer` of an agent that may squeeze past people standing still or walking at it
/// (src/sim/agents.ts, Steer.Pass; kernel.test.ts checks that the two agree).
const STEER_PASS: u8 = 2;
/// `sideways`: step round standing people and oncoming ones away from their side; or oncoming
/// ones always to the right, or to the left (0: no stepping round).
const SIDEWAYS_AWAY: f64 = 1.0;
const SIDEWAYS_RIGHT: f64 = 2.0;
/// Doubles per neighbour in the scratch.
const NB: usize = 5;
/// Desired directions more than 120° apart: two people walking at each other.
const OPPOSED_COS: f64 = -0.5;

/// Returned by `step` when a neighbourhood did not fit the scratch (the host sizes it so that
/// this cannot happen: at most 25 cells of at most `grid_build`'s count each).
pub const ERR_SCRATCH: i32 = -1;

struct Grid {
    order: *const i32,
    packed: *const f64,
    cell_start: *const i32,
    cells_x: i32,
    cells_y: i32,
    cell_of: *const i32,
}

impl Grid {
    /// People in the 3 × 3 cells around cell (cx, cy): three row ranges of the sorted arrays,
    /// their ends clamped once.
    #[inline(always)]
    unsafe fn around(&self, cx: i32, cy: i32) -> i32 {
        let lo = if cx > 0 { cx - 1 } else { 0 };
        let hi = if cx < self.cells_x - 1 { cx + 2 } else { cx + 1 };
        let r0 = if cy > 0 { cy - 1 } else { 0 };
        let r1 = if cy < self.cells_y - 1 { cy + 1 } else { cy };
        let mut near = 0;
        let mut row = r0 * self.cells_x;
        for _ in r0..=r1 {
            near += *self.cell_start.add((row + hi) as usize) - *self.cell_start.add((row + lo) as usize);
            row += self.cells_x;
        }
        near
    }
}

/// The neighbour scratch: `cap` neighbours packed by NB, then room for `cap` indices into it
/// (the neighbours in a corridor ahead, see `corridor`).
struct Scratch {
    nb: *mut f64,
    ahead: *mut u32,
    cap: usize,
}

/// Moves agents 0..n one step of dt_s: reads the frozen generation (the grid's packed copy),
/// writes next_x/next_y, vx/vy and stalled. Returns n, or ERR_SCRATCH.
///
/// # Safety
/// Every pointer must address an array of the documented size in linear memory: per agent slot
/// (des_x … stalled) at least n entries; the grid's arrays as built by `grid_build`; the walls'
/// CSR arrays as built by src/sim/walls.ts; nb NB·nb_cap doubles, then nb_cap u32. next_x/next_y
/// must not alias the positions the grid was built from.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn step(
    n: u32,
    tick: u32,
    dt_s: f64,
    strength: f64,
    range_m: f64,
    strength_wall: f64,
    range_wall_m: f64,
    time_gap_s: f64,
    cutoff_m: f64,
    dense_cutoff_m: f64,
    dense_count: f64,
    creep_mps: f64,
    opposing_width: f64,
    sideways: f64,
    min_wall_m: f64,
    periodic_l: f64,
    periodic_min: f64,
    order: *const i32,
    packed: *const f64,
    cell_start: *const i32,
    cells_x: u32,
    cells_y: u32,
    cell_of: *const i32,
    des_x: *const f32,
    des_y: *const f32,
    free_speed: *const f32,
    comfort_gap: *const f32,
    id: *const i32,
    steer: *const u8,
    next_x: *mut f64,
    next_y: *mut f64,
    vx: *mut f32,
    vy: *mut f32,
    stalled: *mut f32,
    segs: *const f64,
    wall_start: *const i32,
    wall_items: *const i32,
    wall_origin_x: f64,
    wall_origin_y: f64,
    wall_cell_m: f64,
    wall_cells_x: u32,
    wall_cells_y: u32,
    nb: *mut f64,
    nb_cap: u32,
) -> i32 {
    let grid = Grid { order, packed, cell_start, cells_x: cells_x as i32, cells_y: cells_y as i32, cell_of };
    let walls = Walls {
        segs,
        start: wall_start,
        items: wall_items,
        origin_x: wall_origin_x,
        origin_y: wall_origin_y,
        cell_m: wall_cell_m,
        cells_x: wall_cells_x,
        cells_y: wall_cells_y,
    };
    let scratch = Scratch { nb, ahead: nb.add(NB * nb_cap as usize) as *mut u32, cap: nb_cap as usize };
    let reach_m = RANGE * range_m + REACH_SLACK_M;
    let inv_t = 1.0 / time_gap_s;
    let cut2 = cutoff_m * cutoff_m;
    let dense_cut2 = dense_cutoff_m * dense_cutoff_m;
    let side_phase = (tick >> 4) as i32;
    for k in 0..n as usize {
        let i = *grid.order.add(k) as usize;
        let p = grid.packed.add(4 * k);
        let (xi, yi, ri) = (*p, *p.add(1), *p.add(2));
        let ex = *des_x.add(i) as f64;
        let ey = *des_y.add(i) as f64;
        if ex == 0.0 && ey == 0.0 {
            *next_x.add(i) = xi;
            *next_y.add(i) = yi;
            *vx.add(i) = 0.0;
            *vy.add(i) = 0.0;
            continue;
        }
        // Neighbours within the cutoff. The grid's cells are half the cutoff: 5 × 5 cells cover
        // it. In a dense crowd (≥ denseDensity in the 3 × 3 cells around) nearer people screen
        // the farther ones, and only the 3 × 3 cells within the dense cutoff are searched.
        let cell = *grid.cell_of.add(i);
        let cy = cell / grid.cells_x;
        let cx = cell - cy * grid.cells_x;
        let dense = grid.around(cx, cy) as f64 >= dense_count;
        let reach = if dense { 1 } else { 2 };
        let cut_sq = if dense { dense_cut2 } else { cut2 };
        let m = if periodic_l > 0.0 {
            gather_periodic(&grid, &scratch, k, xi, yi, ri, cx, cy, reach, cut_sq, periodic_l)
        } else {
            gather(&grid, &scratch, xi, yi, ri, cx, cy, reach, cut_sq)
        };
        let Some(m) = m else { return ERR_SCRATCH };
        let mut dir_x = ex;
        let mut dir_y = ey;
        for j in 0..m {
            let q = scratch.nb.add(NB * j);
            let d2 = *q.add(2);
            let l = *q.add(3);
            let reach_j = l + reach_m;
            // Beyond 7 D the term is below 0.01 A: skip it. Without overlap, exp from a table.
            if d2 > reach_j * reach_j {
                continue;
            }
            let d = d2.sqrt();
            let u = (l - d) / range_m;
            if u < -RANGE {
                continue;
            }
            let e = if u >= 0.0 { u.exp() } else { exp_neg(u) };
            let (qx, qy) = (*q, *q.add(1));
            // Someone ahead who stands still or walks at us: step round them (perpendicular to
            // one's heading) instead of being pushed back, which in the plain model leaves a
            // walker hovering in front of a standing person for ever (the anticipation model's
            // avoidance, Xu, Chraibi & Seyfried 2021). See `round_side` for which way.
            let side = if sideways != 0.0 && qx * ex + qy * ey > 0.0 { round_side(*q.add(4), qx, qy, ex, ey, sideways) } else { 0.0 };
            if side != 0.0 {
                let push = side * strength * e;
                dir_x += push * -ey;
                dir_y += push * ex;
            } else {
                let w = strength * e / d;
                dir_x -= w * qx;
                dir_y -= w * qy;
            }
        }
        let (w0, w1) = walls.near(xi, yi);
        for qi in w0..w1 {
            let (ax, ay, bx, by) = walls.seg(walls.item(qi));
            let (bx, by) = (bx - ax, by - ay);
            let len2 = bx * bx + by * by;
            let t = if len2 == 0.0 { 0.0 } else { ((xi - ax) * bx + (yi - ay) * by) / len2 };
            let t = if t < 0.0 { 0.0 } else if t > 1.0 { 1.0 } else { t };
            let px = xi - (ax + t * bx);
            let py = yi - (ay + t * by);
            let d = (px * px + py * py).sqrt();
            if d > ri + 0.3 || d < 1e-9 {
                continue;
            }
            let f = strength_wall * ((ri - d) / range_wall_m).exp() / d;
            dir_x += f * px;
            dir_y += f * py;
        }
        let mut norm = (dir_x * dir_x + dir_y * dir_y).sqrt();
        if norm < 1e-9 {
            dir_x = ex;
            dir_y = ey;
            norm = 1.0;
        }
        dir_x /= norm;
        dir_y /= norm;
        let gap = *comfort_gap.add(i) as f64;
        let mut s = spacing(&scratch, m, dir_x, dir_y, gap);
        let v0 = *free_speed.add(i) as f64;
        let mut v = s * inv_t;
        if v > v0 {
            v = v0;
        }
        if v < 0.0 {
            v = 0.0;
        }
        let pass = *steer.add(i) == STEER_PASS;
        if v < creep_mps && pass && opposing_width < 1.0 {
            // Squeeze past people who walk the other way, or stand still: blocked face to face,
            // people turn their shoulders and pass, so against them the spacing counts only
            // opposing_width of the sum of radii, and no comfort gap. The repulsion, at full
            // width, pushes the pair apart as they pass. Only someone on the way through
            // (STEER_PASS) does so. A watcher pressing to its stage (Steer.Keep), whatever its
            // comfort gap, squeezes past nobody: who faces it there is mostly another watcher
            // pressing to the same front from the other side of the stage's axis (the field
            // converges), and trading places takes neither nearer, it only pushes bodies into
            // each other (the crush test overlapped by up to 0.13 m). Someone leaving the front
            // still squeezes past the watcher by its own rule, so counter-flows get through.
            let sq = squeeze_spacing(&scratch, m, dir_x, dir_y, ex, ey, opposing_width);
            let vs = if sq * inv_t > v0 { v0 } else { sq * inv_t };
            if vs > v {
                v = vs;
            }
        }
        if v < creep_mps && gap == 0.0 {
            // Creep sideways (anticipation of a gap to the side) against deadlock.
            let side = if ((*id.add(i)).wrapping_add(side_phase) & 1) == 0 { 1.0 } else { -1.0 };
            let lx = -dir_y * side;
            let ly = dir_x * side;
            s = spacing(&scratch, m, lx, ly, 0.0);
            if s > 0.0 {
                dir_x = lx;
                dir_y = ly;
                v = creep_mps.min(s * inv_t);
            }
        }
        let st = stalled.add(i);
        *st = if v < 0.1 * v0 { (*st as f64 + dt_s) as f32 } else { 0.0 };
        let mut px = xi + v * dt_s * dir_x;
        let mut py = yi + v * dt_s * dir_y;
        // Wall guard: cancel a step through a wall, then keep the centre min_wall off every wall.
        for qi in w0..w1 {
            if walls.crosses(walls.item(qi), xi, yi, px, py) {
                px = xi;
                py = yi;
                break;
            }
        }
        for qi in w0..w1 {
            let w = walls.item(qi);
            let (ax, ay, bx, by) = walls.seg(w);
            let (bx, by) = (bx - ax, by - ay);
            let len2 = bx * bx + by * by;
            let t = if len2 == 0.0 { 0.0 } else { ((px - ax) * bx + (py - ay) * by) / len2 };
            let t = if t < 0.0 { 0.0 } else if t > 1.0 { 1.0 } else { t };
            let qx = ax + t * bx;
            let qy = ay + t * by;
            let mut ox = px - qx;
            let mut oy = py - qy;
            let d = (ox * ox + oy * oy).sqrt();
            if d >= min_wall_m {
                continue;
            }
            if d < 1e-9 {
                ox = xi - qx;
                oy = yi - qy;
            }
            let mut on = (ox * ox + oy * oy).sqrt();
            if on == 0.0 || on.is_nan() {
                on = 1.0;
            }
            let nxp = qx + (ox / on) * min_wall_m;
            let nyp = qy + (oy / on) * min_wall_m;
            if !walls.crosses(w, xi, yi, nxp, nyp) {
                px = nxp;
                py = nyp;
            }
        }
        *vx.add(i) = ((px - xi) / dt_s) as f32;
        *vy.add(i) = ((py - yi) / dt_s) as f32;
        if periodic_l > 0.0 {
            px = periodic_min + ((((px - periodic_min) % periodic_l) + periodic_l) % periodic_l);
        }
        *next_x.add(i) = px;
        *next_y.add(i) = py;
    }
    n as i32
}

/// Neighbours of (xi, yi) within √cut_sq among the cells cx ± reach, cy ± reach, into the
/// scratch; their number, or None when they would not fit. The cells of a row are one contiguous
/// range of the sorted arrays. The agent itself (and anyone on exactly the same spot) is left out
/// by d² ≥ 1e-18. Every candidate is written and the count advances by the comparison's 0/1: no
/// branch to mispredict in the loop that dominates the step.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn gather(g: &Grid, sc: &Scratch, xi: f64, yi: f64, ri: f64, cx: i32, cy: i32, reach: i32, cut_sq: f64) -> Option<usize> {
    let c0 = if cx >= reach { cx - reach } else { 0 };
    let c1 = if cx + reach < g.cells_x { cx + reach + 1 } else { g.cells_x };
    let r0 = if cy >= reach { cy - reach } else { 0 };
    let r1 = if cy + reach < g.cells_y { cy + reach } else { g.cells_y - 1 };
    let mut m = 0usize;
    for row in r0..=r1 {
        let from = *g.cell_start.add((row * g.cells_x + c0) as usize) as usize;
        let to = *g.cell_start.add((row * g.cells_x + c1) as usize) as usize;
        if m + (to - from) > sc.cap {
            return None;
        }
        let mut src = g.packed.add(4 * from);
        let end = g.packed.add(4 * to);
        let mut dst = sc.nb.add(NB * m);
        while src < end {
            let dx = *src - xi;
            let dy = *src.add(1) - yi;
            let d2 = dx * dx + dy * dy;
            *dst = dx;
            *dst.add(1) = dy;
            *dst.add(2) = d2;
            *dst.add(3) = ri + *src.add(2);
            *dst.add(4) = *src.add(3);
            let keep = ((d2 <= cut_sq) & (d2 >= 1e-18)) as usize;
            dst = dst.add(NB * keep);
            m += keep;
            src = src.add(4);
        }
    }
    Some(m)
}

/// As `gather` on a corridor periodic along x (fundamental-diagram tests): columns wrap.
#[allow(clippy::too_many_arguments)]
unsafe fn gather_periodic(
    g: &Grid,
    sc: &Scratch,
    k: usize,
    xi: f64,
    yi: f64,
    ri: f64,
    cx: i32,
    cy: i32,
    reach: i32,
    cut_sq: f64,
    periodic_l: f64,
) -> Option<usize> {
    let mut m = 0usize;
    for dy in -reach..=reach {
        let row = cy + dy;
        if row < 0 || row >= g.cells_y {
            continue;
        }
        for part in 0..=2 * reach {
            // A narrow ring wraps onto columns already visited: visit each column once.
            if part > 0 && g.cells_x <= part {
                continue;
            }
            let col = (((cx + part - reach) % g.cells_x) + g.cells_x) % g.cells_x;
            let from = *g.cell_start.add((row * g.cells_x + col) as usize) as usize;
            let to = *g.cell_start.add((row * g.cells_x + col + 1) as usize) as usize;
            if m + (to - from) > sc.cap {
                return None;
            }
            for q in from..to {
                let p = g.packed.add(4 * q);
                let mut dx = *p - xi;
                // JavaScript's Math.round (halves up), as the corridor tests were calibrated with.
                dx -= periodic_l * (dx / periodic_l + 0.5).floor();
                let ddy = *p.add(1) - yi;
                let d2 = dx * dx + ddy * ddy;
                if d2 > cut_sq || q == k || d2 < 1e-18 {
                    continue;
                }
                let o = sc.nb.add(NB * m);
                *o = dx;
                *o.add(1) = ddy;
                *o.add(2) = d2;
                *o.add(3) = ri + *p.add(2);
                *o.add(4) = *p.add(3);
                m += 1;
            }
        }
    }
    Some(m)
}

/// Which way to step round a neighbour ahead at offset (qx, qy) whose desired direction is
/// packed in `dir`, for someone heading (ex, ey): +1 to one's left, −1 to one's right, 0 not at
/// all (the neighbour walks one's way). Round a standing person away from their side (dead ahead:
/// to the right). Round someone coming the other way likewise, so both pass on the side they are
/// already offset to, or, where the venue keeps lanes (SIDEWAYS_RIGHT / LEFT), always on that
/// side: away-from-side passes a door best, but fights the lanes in a corridor (docs/SIMULATOR.md).
#[inline(always)]
fn round_side(dir: f64, qx: f64, qy: f64, ex: f64, ey: f64, sideways: f64) -> f64 {
    let (jx, jy) = unpack_dir(dir);
    let standing = jx == 0.0 && jy == 0.0;
    if !standing && ex * jx + ey * jy >= OPPOSED_COS {
        return 0.0;
    }
    let left = if standing || sideways == SIDEWAYS_AWAY {
        qx * -ey + qy * ex
    } else if sideways == SIDEWAYS_RIGHT {
        1.0
    } else {
        -1.0
    };
    if left >= 0.0 {
        -1.0
    } else {
        1.0
    }
}

/// The free spacing ahead along (dir_x, dir_y) of a blocked agent heading (ex, ey), where a
/// neighbour walking the other way, or standing still, takes only `factor` of the sum of radii:
/// shoulders turned to pass. Only blocked agents look, so a one-way crowd and every free walker
/// are untouched.
#[inline(always)]
unsafe fn squeeze_spacing(sc: &Scratch, m: usize, dir_x: f64, dir_y: f64, ex: f64, ey: f64, factor: f64) -> f64 {
    let mut s = f64::INFINITY;
    // Only those in the full-width corridor ahead can be in the narrower one.
    for k in 0..corridor(sc, m, dir_x, dir_y) {
        let q = sc.nb.add(NB * *sc.ahead.add(k) as usize);
        let (dx, dy) = (*q, *q.add(1));
        let along = dx * dir_x + dy * dir_y;
        let lateral = dx * dir_y - dy * dir_x;
        let full = *q.add(3);
        if along - full - SPACING_SLACK_M >= s {
            continue;
        }
        let (jx, jy) = unpack_dir(*q.add(4));
        let gives_way = ex * jx + ey * jy < OPPOSED_COS || (jx == 0.0 && jy == 0.0);
        let l = if gives_way { factor * full } else { full };
        if lateral > l || lateral < -l {
            continue;
        }
        let sj = (*q.add(2)).sqrt() - l;
        if sj < s {
            s = sj;
        }
    }
    s
}

/// Free spacing ahead along (dir_x, dir_y): min of d − l − gap over neighbours in the corridor
/// ahead (|lateral| ≤ l). d ≥ along, so a neighbour whose along − l − gap cannot beat the best so
/// far is passed over before its square root.
#[inline(always)]
unsafe fn spacing(sc: &Scratch, m: usize, dir_x: f64, dir_y: f64, gap: f64) -> f64 {
    let mut s = f64::INFINITY;
    for k in 0..corridor(sc, m, dir_x, dir_y) {
        let q = sc.nb.add(NB * *sc.ahead.add(k) as usize);
        let along = *q * dir_x + *q.add(1) * dir_y;
        let l = *q.add(3);
        if along - l - gap - SPACING_SLACK_M >= s {
            continue;
        }
        let sj = (*q.add(2)).sqrt() - l - gap;
        if sj < s {
            s = sj;
        }
    }
    s
}

/// The neighbours in the corridor ahead along (dir_x, dir_y), along > 0 and |lateral| ≤ l, into
/// `sc.ahead` (their scratch indices, in order); their number. Whether a neighbour is ahead and
/// in the corridor is as likely as not, a branch the processor mispredicts about every other
/// time: the test is worked out without one (every index is written, the count advances by its
/// 0/1), and the spacing's loops run over the few that pass.
#[inline(always)]
unsafe fn corridor(sc: &Scratch, m: usize, dir_x: f64, dir_y: f64) -> usize {
    let mut c = 0;
    for j in 0..m {
        let q = sc.nb.add(NB * j);
        let (dx, dy) = (*q, *q.add(1));
        let along = dx * dir_x + dy * dir_y;
        let lateral = dx * dir_y - dy * dir_x;
        let l = *q.add(3);
        *sc.ahead.add(c) = j as u32;
        c += ((along > 0.0) & (lateral <= l) & (lateral >= -l)) as usize;
    }
    c
}
