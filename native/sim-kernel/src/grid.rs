//! Uniform neighbour grid: a counting sort of the agents into square cells (see
//! src/sim/neighbour-grid.ts). Positions and radii are copied in cell order, packed by 4
//! (x, y, radius, desired direction), so that the cells of a row form one contiguous range. The
//! desired direction is the two f32 components' bits in one f64 slot (see `pack_dir`): the step
//! copies it with the neighbour and decodes it only for the few within reach.

/// The mantissa bits of an f64: zero in a power of two.
const MANTISSA: u64 = (1 << 52) - 1;

/// The cell of coordinate v along an axis of `cells` cells of `cell_m` from `origin`, clamped.
/// Where cell_m is a power of two (the shipped 0.5 m raster, 1 m neighbour grid and wall grid)
/// the quotient is taken as a product with its reciprocal: the same number (both round the one
/// exact quotient once, the reciprocal being exact), without a division per agent and axis in
/// every pass. The test and the reciprocal are loop-invariant where this is inlined.
#[inline(always)]
pub fn cell_index(v: f64, origin: f64, cell_m: f64, cells: u32) -> u32 {
    let inv = 1.0 / cell_m;
    let pow2 = cell_m.is_normal() && inv.is_normal() && cell_m.to_bits() & MANTISSA == 0;
    let q = if pow2 { (v - origin) * inv } else { (v - origin) / cell_m };
    let c = q.floor();
    if c < 0.0 || c.is_nan() {
        0
    } else if c >= cells as f64 {
        cells - 1
    } else {
        c as u32
    }
}

/// The desired direction (dx, dy) as one f64's bits: dx's in the high half, dy's in the low.
#[inline(always)]
pub fn pack_dir(dx: f32, dy: f32) -> f64 {
    f64::from_bits(((dx.to_bits() as u64) << 32) | dy.to_bits() as u64)
}

/// The inverse of `pack_dir`.
#[inline(always)]
pub fn unpack_dir(v: f64) -> (f64, f64) {
    let b = v.to_bits();
    (f32::from_bits((b >> 32) as u32) as f64, f32::from_bits(b as u32) as f64)
}

/// Builds the grid of agents 0..n (positions x, y; radii r; desired directions des_x, des_y as
/// the journeys last wrote them) and returns the most agents in one
/// cell (the host sizes the neighbour scratch from it). `cell_start` has cells_x·cells_y + 1
/// entries, `fill` cells_x·cells_y, `order` and `cell_of` n, `packed` 4n.
///
/// # Safety
/// The offsets must point at arrays of the sizes above inside linear memory.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn grid_build(
    n: u32,
    x: *const f64,
    y: *const f64,
    r: *const f32,
    des_x: *const f32,
    des_y: *const f32,
    origin_x: f64,
    origin_y: f64,
    cell_m: f64,
    cells_x: u32,
    cells_y: u32,
    cell_start: *mut i32,
    fill: *mut i32,
    order: *mut i32,
    packed: *mut f64,
    cell_of: *mut i32,
) -> u32 {
    let n = n as usize;
    let n_cells = (cells_x * cells_y) as usize;
    for c in 0..=n_cells {
        *cell_start.add(c) = 0;
    }
    for i in 0..n {
        let c = cell_index(*y.add(i), origin_y, cell_m, cells_y) * cells_x + cell_index(*x.add(i), origin_x, cell_m, cells_x);
        *cell_of.add(i) = c as i32;
        *cell_start.add(c as usize + 1) += 1;
    }
    let mut most = 0;
    for c in 0..n_cells {
        let k = *cell_start.add(c + 1);
        if k > most {
            most = k;
        }
        *cell_start.add(c + 1) = k + *cell_start.add(c);
        *fill.add(c) = *cell_start.add(c);
    }
    for i in 0..n {
        let f = fill.add(*cell_of.add(i) as usize);
        let k = *f as usize;
        *f += 1;
        *order.add(k) = i as i32;
        *packed.add(4 * k) = *x.add(i);
        *packed.add(4 * k + 1) = *y.add(i);
        *packed.add(4 * k + 2) = *r.add(i) as f64;
        *packed.add(4 * k + 3) = pack_dir(*des_x.add(i), *des_y.add(i));
    }
    most as u32
}
