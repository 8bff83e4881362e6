//! Zone membership after the move (see Truth.updateZones in src/sim/truth.ts): which agents now
//! stand in a zone other than the one recorded, so that the host updates only those.

use crate::grid::cell_index;

/// Writes to `changed` the slots i < n (ascending) whose raster cell lies in a zone (zone_of ≥ 0)
/// other than zone[i], and returns how many.
///
/// # Safety
/// Per-agent arrays of at least n entries, `changed` too; zone_of cells_x·cells_y entries.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn zone_changes(
    n: u32,
    x: *const f64,
    y: *const f64,
    zone: *const i16,
    zone_of: *const i16,
    origin_x: f64,
    origin_y: f64,
    cell_m: f64,
    cells_x: u32,
    cells_y: u32,
    changed: *mut i32,
) -> u32 {
    let mut m = 0usize;
    for i in 0..n as usize {
        let c = (cell_index(*y.add(i), origin_y, cell_m, cells_y) * cells_x + cell_index(*x.add(i), origin_x, cell_m, cells_x)) as usize;
        let z = *zone_of.add(c);
        // Branch-free: every slot is written, the count advances only on a change.
        *changed.add(m) = i as i32;
        m += ((z >= 0) & (z != *zone.add(i))) as usize;
    }
    m as u32
}
