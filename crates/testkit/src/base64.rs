//! Standard base64 (RFC 4648, with padding) decoding: WebDriver sends
//! screenshots this way, and a dozen lines beat a dependency.

/// Decodes standard base64; whitespace is ignored. `None` on any other
/// character outside the alphabet or a truncated final group.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let body = clean
        .strip_suffix(b"==")
        .or_else(|| clean.strip_suffix(b"="))
        .unwrap_or(&clean);
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for group in body.chunks(4) {
        let mut bits = 0u32;
        for &c in group {
            bits = bits << 6 | value(c)?;
        }
        // A group of n characters carries n*6 bits: 3, 2 or 1 whole bytes.
        let bytes = group.len() * 6 / 8;
        bits <<= 6 * (4 - group.len()) as u32;
        out.extend_from_slice(&bits.to_be_bytes()[1..=bytes]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_rfc4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(decode(coded).unwrap(), plain.as_bytes(), "{coded}");
        }
        assert_eq!(decode("iVBO\nRw0K").unwrap(), b"\x89PNG\r\n");
        assert_eq!(decode("/+8=").unwrap(), [0xff, 0xef]);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(decode("Zm9v!").is_none());
        assert!(decode("Z").is_none());
    }
}
