//! Looking at eight bytes at a time in one `u64` ("SIMD within a register"): most of a
//! release's text is letters, and the loops that walk it byte by byte (to the next digit, to
//! the end of a word) were a measurable part of a build (issue 6). No crate offers a byte
//! class test over a word; `memchr` finds given bytes, not ranges.

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
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub fn lane_bits(lanes: u64) -> u8 {
    ((lanes >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

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
