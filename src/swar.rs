//! Looking at eight bytes at a time in one `u64` ("SIMD within a register"), or sixteen with
//! SSE2 ([`in_ranges`]): most of a release's text is letters, and the loops that walk it byte
//! by byte (to the next digit, to the end of a word) were a measurable part of a build
//! (issue 6). No crate offers a byte class test over a word; `memchr` finds given bytes, not
//! ranges.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte lane of `x` whose byte is strictly between `lo` and `hi`
/// (`lo` < 128, `hi` <= 128): "hasbetween" of Sean Anderson's Bit Twiddling Hacks, exact
/// per lane (no lane borrows from or carries into another).
pub fn lanes_between(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & (LO * 127);
    (LO * (127 + u64::from(hi)) - low) & !x & (low + LO * (127 - u64::from(lo))) & HI
}

/// The first lane (0-7) whose high bit is set in `lanes`, if any.
pub fn first_lane(lanes: u64) -> Option<usize> {
    (lanes != 0).then(|| (lanes.trailing_zeros() / 8) as usize)
}

/// The eight bytes of `bytes` at `i`, if there are eight.
pub fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    bytes.get(i..i + 8).map(|eight| u64::from_le_bytes(eight.try_into().expect("eight bytes")))
}

/// The high bit of every lane whose high bit `lanes` does not set.
pub fn other_lanes(lanes: u64) -> u64 {
    !lanes & HI
}

/// The high bits of `lanes` as eight bits, lane `i` as bit `i`: one multiplication moves each
/// lane's bit to its own place in the top byte (lane `i`'s term lands on bit `56 + i`, and no
/// two terms land on the same bit, so nothing carries).
#[cfg(any(not(target_arch = "x86_64"), test))]
fn lane_bits(lanes: u64) -> u8 {
    ((lanes >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// One bit per byte of `sixteen` (bit `i` for byte `i`), set where the byte is in one of
/// `ranges`, each `(first, length)` within ASCII (`first` at least 1).
#[inline]
pub fn in_ranges(sixteen: &[u8; 16], ranges: &[(u8, u8)]) -> u16 {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of x86-64: every processor this code is built for has it (it
        // is in the target's baseline features, which the compiler does not count for a call).
        unsafe { in_ranges_sse2(sixteen, ranges) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        in_ranges_swar(sixteen, ranges)
    }
}

/// [`in_ranges`] in a few instructions: a byte is in a range when, moved so that the range
/// starts at -128, it is below -128 plus the range's length (SSE2 compares signed bytes only).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn in_ranges_sse2(sixteen: &[u8; 16], ranges: &[(u8, u8)]) -> u16 {
    use std::arch::x86_64::{_mm_add_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x, _mm_setzero_si128};
    let low = i64::from_le_bytes(sixteen[..8].try_into().expect("eight bytes"));
    let high = i64::from_le_bytes(sixteen[8..].try_into().expect("eight bytes"));
    let v = _mm_set_epi64x(high, low);
    let mut found = _mm_setzero_si128();
    for &(first, len) in ranges {
        let moved = _mm_add_epi8(v, _mm_set1_epi8(128u8.wrapping_sub(first) as i8));
        found = _mm_or_si128(found, _mm_cmplt_epi8(moved, _mm_set1_epi8(128u8.wrapping_add(len) as i8)));
    }
    _mm_movemask_epi8(found) as u16
}

/// [`in_ranges`] eight bytes at a time, where SSE2 is not there.
#[cfg(any(not(target_arch = "x86_64"), test))]
fn in_ranges_swar(sixteen: &[u8; 16], ranges: &[(u8, u8)]) -> u16 {
    let mut bits = 0;
    for (k, eight) in sixteen.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let lanes = ranges.iter().fold(0, |lanes, &(first, len)| lanes | lanes_between(x, first - 1, first + len));
        bits |= u16::from(lane_bits(lanes)) << (8 * k);
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_ranges_finds_the_bytes_of_its_ranges_for_every_byte_in_every_place() {
        let ranges: &[&[(u8, u8)]] = &[&[(b'0', 10)], &[(b'0', 10), (b'a', 26)], &[(1, 127)]];
        for &r in ranges {
            for b in 0..=255u8 {
                for at in 0..16 {
                    let mut sixteen = *b"09/:az`{ AZ\x00\x7f\x80\xff1";
                    sixteen[at] = b;
                    let want = sixteen.iter().enumerate().fold(0u16, |bits, (i, c)| bits | u16::from(r.iter().any(|&(f, l)| (f..f + l).contains(c))) << i);
                    assert_eq!(in_ranges(&sixteen, r), want, "{b:#x} at {at} in {r:?}");
                    assert_eq!(in_ranges_swar(&sixteen, r), want, "{b:#x} at {at} in {r:?}");
                }
            }
        }
    }

    #[test]
    fn lanes_between_is_exact_for_every_byte_in_every_lane() {
        for (lo, hi) in [(0x2fu8, 0x3au8), (0x60, 0x7b)] {
            for b in 0..=255u8 {
                for lane in 0..8 {
                    // The other lanes hold the bounds themselves and their neighbours.
                    let mut bytes = [lo, hi, lo.wrapping_add(1), hi.wrapping_sub(1), 0, 0x7f, 0x80, 0xff];
                    bytes[lane] = b;
                    let got = lanes_between(u64::from_le_bytes(bytes), lo, hi);
                    for (k, byte) in bytes.iter().enumerate() {
                        let want = (lo < *byte && *byte < hi) && *byte < 0x80;
                        assert_eq!(got >> (8 * k + 7) & 1 == 1, want, "byte {byte:#x} in lane {k} between {lo:#x} and {hi:#x}");
                    }
                }
            }
        }
    }
}
