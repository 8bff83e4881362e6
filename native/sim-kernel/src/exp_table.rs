//! exp(u) for u in [-RANGE, 0] at 1/STEPS steps, interpolated linearly (relative error < 4e-5):
//! the neighbour repulsion evaluates it for every neighbour within reach.

pub const RANGE: f64 = 7.0;
pub const STEPS: f64 = 64.0;
const LEN: usize = 7 * 64 + 2;

static mut TABLE: [f64; LEN] = [0.0; LEN];

pub fn fill() {
    // SAFETY: single-threaded module; written once before any step reads it.
    unsafe {
        let t = &mut *core::ptr::addr_of_mut!(TABLE);
        for (k, v) in t.iter_mut().enumerate() {
            *v = (k as f64 / STEPS - RANGE).exp();
        }
    }
}

/// exp(u) for u in [-RANGE, 0): table with linear interpolation.
#[inline(always)]
pub fn exp_neg(u: f64) -> f64 {
    let f = (u + RANGE) * STEPS;
    // u >= -RANGE and u < 0 give 0 <= f < LEN - 1, so k0 <= LEN - 2. A signed conversion: V8
    // lowers WebAssembly's unsigned one on x64 with a range fix-up, a few instructions more per
    // neighbour within reach.
    let k0 = f as i32;
    // SAFETY: 0 <= k0 <= LEN - 2 (above).
    unsafe {
        let t = &*core::ptr::addr_of!(TABLE);
        let a = *t.get_unchecked(k0 as usize);
        a + (*t.get_unchecked(k0 as usize + 1) - a) * (f - k0 as f64)
    }
}
