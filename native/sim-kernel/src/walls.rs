//! Wall segments [ax, ay, bx, by] indexed by a uniform grid in CSR form (see src/sim/walls.ts).

use crate::grid::cell_index;

#[derive(Clone, Copy)]
pub struct Walls {
    pub segs: *const f64,
    pub start: *const i32,
    pub items: *const i32,
    pub origin_x: f64,
    pub origin_y: f64,
    pub cell_m: f64,
    pub cells_x: u32,
    pub cells_y: u32,
}

impl Walls {
    /// The walls near (x, y): items[lo..hi].
    #[inline(always)]
    pub unsafe fn near(&self, x: f64, y: f64) -> (usize, usize) {
        let c = (cell_index(y, self.origin_y, self.cell_m, self.cells_y) * self.cells_x
            + cell_index(x, self.origin_x, self.cell_m, self.cells_x)) as usize;
        (*self.start.add(c) as usize, *self.start.add(c + 1) as usize)
    }

    #[inline(always)]
    pub unsafe fn item(&self, q: usize) -> usize {
        *self.items.add(q) as usize
    }

    #[inline(always)]
    pub unsafe fn seg(&self, w: usize) -> (f64, f64, f64, f64) {
        let s = self.segs.add(4 * w);
        (*s, *s.add(1), *s.add(2), *s.add(3))
    }

    /// True when the move p→q properly crosses wall w (touching counts as crossing, to stay safe).
    #[inline(always)]
    pub unsafe fn crosses(&self, w: usize, px: f64, py: f64, qx: f64, qy: f64) -> bool {
        if px == qx && py == qy {
            return false;
        }
        let (ax, ay, bx, by) = self.seg(w);
        let d1 = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
        let d2 = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
        if (d1 > 0.0 && d2 > 0.0) || (d1 < 0.0 && d2 < 0.0) {
            return false;
        }
        let d3 = (qx - px) * (ay - py) - (qy - py) * (ax - px);
        let d4 = (qx - px) * (by - py) - (qy - py) * (bx - px);
        if (d3 > 0.0 && d4 > 0.0) || (d3 < 0.0 && d4 < 0.0) {
            return false;
        }
        !(d1 == 0.0 && d2 == 0.0)
    }
}
