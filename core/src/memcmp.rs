//! `memcmp` for `wasm32-unknown-unknown`, eight bytes at a time.
//!
//! That target has no libc: the only `memcmp` is compiler_builtins' weak one, which compares a
//! byte at a time, and every string comparison the compiler does not inline calls it (the
//! keys of a body, event type names, header names, routes). A strong symbol of the same name
//! replaces it in every wasm build of core: the npm package and the web app. In the package,
//! on the seed corpus, `validateRequest` went from 49,209–49,330 to 48,121–48,130 instructions
//! an event (callgrind counts of `npm run bench -- --instructions`'s child: three of the old
//! build, two of the new).
//!
//! Native builds (the sandbox, tests) use the platform's `memcmp`; `wasm32-wasip1` (the
//! command line) uses wasi-libc's.

/// Compares `n` bytes at `a` and `b`: negative, zero or positive as the first byte that differs
/// is smaller in `a`, there is none, or it is larger (C's `memcmp`).
///
/// # Safety
///
/// C's contract: `a` and `b` are valid for reads of `n` bytes.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[allow(unsafe_code)] // the symbol the compiler calls
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: the caller's contract, passed on.
    unsafe { compare(a, b, n) }
}

/// [`memcmp`]'s work, native too for the tests. Raw reads, not slices: a slice comparison
/// would call `memcmp` again, and slice iterators made the function three times the size and
/// slower in the size-optimised build.
///
/// # Safety
///
/// As [`memcmp`].
#[allow(unsafe_code)]
unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: `i + 8 <= n`; unaligned reads of bytes valid to read.
        let (x, y) = unsafe {
            (
                a.add(i).cast::<u64>().read_unaligned(),
                b.add(i).cast::<u64>().read_unaligned(),
            )
        };
        if x != y {
            break;
        }
        i += 8;
    }
    while i < n {
        // SAFETY: `i < n`.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn compares_as_c_memcmp_does() {
        let sign = |n: i32| n.signum();
        let cases: &[(&[u8], &[u8])] = &[
            (b"", b""),
            (b"a", b"a"),
            (b"a", b"b"),
            (b"b", b"a"),
            (b"attributes", b"attributes"),
            (b"attributes", b"attributez"),
            (b"relationships", b"relationshipz"),
            (b"abcdefgh", b"abcdefgh"),
            (b"abcdefgh", b"abcdefgi"),
            (b"abcdefghabcdefgh", b"abcdefgiabcdefgh"),
            (b"abcdefghabcdefgh", b"abcdefghabcdefgg"),
            (
                b"\xff\x00\x00\x00\x00\x00\x00\x00",
                b"\x00\xff\x00\x00\x00\x00\x00\x00",
            ),
            (
                b"\x00\x00\x00\x00\x00\x00\x00\x01",
                b"\x01\x00\x00\x00\x00\x00\x00\x00",
            ),
        ];
        for (a, b) in cases {
            #[allow(unsafe_code)]
            // SAFETY: both are valid for `a.len()` bytes.
            let got = unsafe { super::compare(a.as_ptr(), b.as_ptr(), a.len()) };
            assert_eq!(sign(got), a.cmp(b) as i32, "{a:?} {b:?}");
        }
    }
}
