//! The aes128gcm content coding of a Web Push message (RFC 8188, keys derived as RFC 8291
//! says), with `ring`.
//!
//! `web-push` would encrypt through `ece` and OpenSSL 3, which spends about three times the
//! CPU per message (key import and algorithm fetching dominate); a fan-out to every device
//! is mostly this work. The request around the ciphertext is still the crate's.

use ring::{aead, agreement, hkdf, rand::SecureRandom};

/// The most plaintext push services accept in one message (as `web-push` limits it).
pub const MAX_PLAINTEXT: usize = 3052;
/// One record holds the whole message; 4096 is what browsers and push services expect.
const RECORD_SIZE: u32 = 4096;

#[derive(Debug, PartialEq, Eq)]
pub enum SealError {
    TooLarge,
    /// The browser's key is not a P-256 point (the API checks the shape, not the curve).
    BadKey,
}

/// Encrypts `plaintext` for the browser holding `ua_public` (p256dh, 65 bytes) and `auth`.
/// A new ephemeral key and salt every time: never reuse them across messages.
pub fn seal(ua_public: &[u8], auth: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
    if plaintext.len() > MAX_PLAINTEXT {
        return Err(SealError::TooLarge);
    }
    let rng = ring::rand::SystemRandom::new();
    let own = agreement::EphemeralPrivateKey::generate(&agreement::ECDH_P256, &rng)
        .map_err(|_| SealError::BadKey)?;
    let as_public = own.compute_public_key().map_err(|_| SealError::BadKey)?;
    let mut salt = [0u8; 16];
    rng.fill(&mut salt).map_err(|_| SealError::BadKey)?;
    let peer = agreement::UnparsedPublicKey::new(&agreement::ECDH_P256, ua_public);
    agreement::agree_ephemeral(own, &peer, |secret| {
        seal_with(
            secret,
            as_public.as_ref(),
            ua_public,
            auth,
            &salt,
            plaintext,
        )
    })
    .map_err(|_| SealError::BadKey)
}

/// Everything after the key agreement, deterministic, so it can be checked against the
/// worked example of RFC 8291.
fn seal_with(
    ecdh_secret: &[u8],
    as_public: &[u8],
    ua_public: &[u8],
    auth: &[u8],
    salt: &[u8; 16],
    plaintext: &[u8],
) -> Vec<u8> {
    let mut ikm = [0u8; 32];
    expand(
        &hkdf::Salt::new(hkdf::HKDF_SHA256, auth).extract(ecdh_secret),
        &[b"WebPush: info\0", ua_public, as_public],
        &mut ikm,
    );
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(&ikm);
    let mut cek = [0u8; 16];
    expand(&prk, &[b"Content-Encoding: aes128gcm\0"], &mut cek);
    let mut nonce = [0u8; 12];
    expand(&prk, &[b"Content-Encoding: nonce\0"], &mut nonce);

    // Header: salt, record size, key id length, key id (our public key).
    let mut out = Vec::with_capacity(16 + 4 + 1 + as_public.len() + plaintext.len() + 1 + 16);
    out.extend_from_slice(salt);
    out.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    out.push(as_public.len() as u8);
    out.extend_from_slice(as_public);
    let start = out.len();
    out.extend_from_slice(plaintext);
    // The delimiter of the last (and only) record; no padding after it.
    out.push(2);
    let key = aead::LessSafeKey::new(
        aead::UnboundKey::new(&aead::AES_128_GCM, &cek).expect("16 bytes is an AES-128 key"),
    );
    let tag = key
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::empty(),
            &mut out[start..],
        )
        .expect("a record under 4 KiB is within AES-GCM's limits");
    out.extend_from_slice(tag.as_ref());
    out
}

struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

fn expand(prk: &hkdf::Prk, info: &[&[u8]], out: &mut [u8]) {
    prk.expand(info, Len(out.len()))
        .and_then(|okm| okm.fill(out))
        .expect("at most 32 bytes from HKDF-SHA-256");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 8291, appendix A.
    #[test]
    fn matches_the_worked_example_of_rfc_8291() {
        let as_public = hex("04fe33f4ab0dea71914db55823f73b54948f41306d920732dbb9a59a53286482200e597a7b7bc260ba1c227998580992e93973002f3012a28ae8f06bbb78e5ec0f");
        let ua_public = hex("042571b2becdfde360551aaf1ed0f4cd366c11cebe555f89bcb7b186a53339173168ece2ebe018597bd30479b86e3c8f8eced577ca59187e9246990db682008b0e");
        let secret = hex("932acbd63208387133837b0cd995911c3441eb66000998614a592727aef6912b");
        let auth = hex("05305932a1c7eabe13b6cec9fda48882");
        let salt: [u8; 16] = hex("0c6bfaadad67958803092d454676f397").try_into().unwrap();
        let sealed = seal_with(
            &secret,
            &as_public,
            &ua_public,
            &auth,
            &salt,
            b"When I grow up, I want to be a watermelon",
        );
        assert_eq!(
            sealed,
            hex("0c6bfaadad67958803092d454676f397000010004104fe33f4ab0dea71914db55823f73b54948f41306d920732dbb9a59a53286482200e597a7b7bc260ba1c227998580992e93973002f3012a28ae8f06bbb78e5ec0ff297de5b429bba7153d3a4ae0caa091fd425f3b4b5414add8ab37a19c1bbb05cf5cb5b2a2e0562d558635641ec52812c6c8ff42e95ccb86be7cd")
        );
    }

    #[test]
    fn a_browser_can_decrypt_it_and_no_two_messages_share_keys() {
        let (keys, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        let components = keys.raw_components().unwrap();
        let text = b"{\"kind\":\"check-in\"}";
        let one = seal(components.public_key(), &auth, text).unwrap();
        let two = seal(components.public_key(), &auth, text).unwrap();
        assert_eq!(ece::decrypt(&components, &auth, &one).unwrap(), text);
        assert_eq!(ece::decrypt(&components, &auth, &two).unwrap(), text);
        // Salt and ephemeral key (the header) differ.
        assert_ne!(one[..86], two[..86]);
    }

    #[test]
    fn refuses_what_no_browser_could_read() {
        let (keys, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        let public = keys.raw_components().unwrap().public_key().to_vec();
        assert_eq!(
            seal(&public, &auth, &[b'a'; MAX_PLAINTEXT + 1]),
            Err(SealError::TooLarge)
        );
        assert!(seal(&public, &auth, &[b'a'; MAX_PLAINTEXT]).is_ok());
        // The right shape, not on the curve.
        let mut off_curve = vec![4u8];
        off_curve.extend([1u8; 64]);
        assert_eq!(seal(&off_curve, &auth, b"x"), Err(SealError::BadKey));
    }
}
