//! Randomness for keys made in the page.

/// 16 random bytes: the browser's `crypto.getRandomValues` (which works
/// outside secure contexts too); on the server, where no form is filled,
/// the OS's randomness through std's hasher keys.
pub fn bytes16() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    #[cfg(feature = "hydrate")]
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    #[cfg(not(feature = "hydrate"))]
    {
        use std::collections::hash_map::RandomState;
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = RandomState::new().build_hasher();
            h.write_u64(chunk.len() as u64);
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    bytes
}
