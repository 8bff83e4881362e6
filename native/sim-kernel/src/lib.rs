//! The simulator's hot loop for WebAssembly: the neighbour-grid build, the store's reordering by
//! cell, the desired directions along the floor fields, the operational step and the zone changes
//! of crowdflow's `src/sim` (see neighbour-grid.ts, agents.ts, steering.ts, operational-model.ts
//! and truth.ts there for the model).
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
mod permute;
mod steer;
mod step;
mod walls;
mod zones;

pub use grid::grid_build;
pub use permute::permute;
pub use steer::{decide_steer, steer};
pub use step::step;
pub use zones::zone_changes;

/// Fills the exponential table; the host calls it once after instantiation.
#[no_mangle]
pub extern "C" fn init() {
    exp_table::fill();
}
