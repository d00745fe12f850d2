//! The keyring slot against a real Secret Service (gnome-keyring, started by `cargo xtask test`,
//! which sets LOCKSTEP_KEYRING_TESTS=1): expiry is enforced on unlock, and the first save after
//! expiry removes both the slot and its keyring item.

use lockstep_core::vault::{keyring, now, SlotKind};
use lockstep_core::{Credential, KdfParams, Unlocked};
use zeroize::Zeroizing;

const CHEAP: KdfParams = KdfParams::CHEAPEST;

#[test]
fn an_expired_keyring_slot_does_not_unlock_and_is_removed_on_the_next_save() {
    if std::env::var_os("LOCKSTEP_KEYRING_TESTS").is_none() {
        eprintln!("skipped: no test keyring; run through `cargo xtask test`");
        return;
    }
    let t = now();
    let (mut u, _) = Unlocked::create("password one", CHEAP).expect("create");
    u.remember(t + 100).expect("remember");
    let slot_id = u
        .slots
        .iter()
        .find(|s| matches!(s.kind, SlotKind::Keyring { .. }))
        .expect("keyring slot")
        .id;
    let env = u.seal(t).expect("seal");
    assert!(keyring::load(&u.vault_id, &slot_id)
        .expect("keyring answers")
        .is_some());

    Unlocked::open(&env, &Credential::Keyring, t + 99).expect("valid until expiry");
    let expired = Unlocked::open(&env, &Credential::Keyring, t + 100).expect_err("expired");
    assert_eq!(expired.kind(), "slot", "{expired}");

    let mut later = Unlocked::open(
        &env,
        &Credential::Password(Zeroizing::new("password one".into())),
        t + 100,
    )
    .expect("password still works");
    let env2 = later.seal(t + 100).expect("seal");
    assert!(
        env2.slots
            .iter()
            .all(|s| !matches!(s.kind, SlotKind::Keyring { .. })),
        "the expired slot is gone from the file"
    );
    assert!(
        keyring::load(&u.vault_id, &slot_id)
            .expect("keyring answers")
            .is_none(),
        "and its keyring item too"
    );
}
