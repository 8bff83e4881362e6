//! The simulator's hot loop for WebAssembly: the neighbour-grid build, the desired directions
//! along the floor fields and the operational step of crowdflow's `src/sim` (see
//! neighbour-grid.ts, steering.ts and operational-model.ts there for the model).
//!
//! The kernel owns no memory of its own beyond its stack and the exponential table: the host
//! (src/sim/kernel) lays the agent store, the grid, the walls and the scratch out in this
//! module's linear memory and passes byte offsets in. Nothing here allocates, so a step has no
//! garbage and no allocator is linked.
//!
//! Safety: every exported function trusts the host's offsets and lengths (one owner, src/sim/kernel,
//! sizes them from the same counts it passes); the arrays never alias except where documented.

mod exp_table;
mod grid;
mod steer;
mod step;
mod walls;

pub use grid::grid_build;
pub use steer::steer;
pub use step::step;

/// Fills the exponential table; the host calls it once after instantiation.
#[no_mangle]
pub extern "C" fn init() {
    exp_table::fill();
}
