//! The agent store reordered by neighbour-grid cell (see AgentStore.reorder in src/sim/agents.ts):
//! every per-slot array permuted the same way, through one scratch.

/// For each of the `count` arrays (byte offset arrays[2f], element size arrays[2f + 1] in
/// bytes: 1, 2, 4 or 8): a[k] ← a[order[k]] for k < n, via `tmp` (at least 8n bytes).
///
/// # Safety
/// `order` a permutation of 0..n; every array at least n elements; tmp not overlapping them.
#[no_mangle]
pub unsafe extern "C" fn permute(n: u32, order: *const i32, tmp: *mut u8, arrays: *const u32, count: u32) {
    let n = n as usize;
    for f in 0..count as usize {
        let base = *arrays.add(2 * f) as usize as *mut u8;
        match *arrays.add(2 * f + 1) {
            8 => permute_as::<u64>(n, order, base as *mut u64, tmp as *mut u64),
            4 => permute_as::<u32>(n, order, base as *mut u32, tmp as *mut u32),
            2 => permute_as::<u16>(n, order, base as *mut u16, tmp as *mut u16),
            _ => permute_as::<u8>(n, order, base, tmp),
        }
    }
}

#[inline(always)]
unsafe fn permute_as<T: Copy>(n: usize, order: *const i32, a: *mut T, tmp: *mut T) {
    for k in 0..n {
        *tmp.add(k) = *a.add(*order.add(k) as usize);
    }
    core::ptr::copy_nonoverlapping(tmp, a, n);
}
