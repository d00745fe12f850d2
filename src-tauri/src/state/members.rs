//! Members of the open vault (one vault, a password each): the list, and adding and removing
//! one through the session. The rules (names, which slot, new data key) are core's; adding and
//! removing need the current password unless it was given in the last minutes, as a password
//! change does.

use lockstep_core::session::{Change, MemberView};
use zeroize::Zeroizing;

use super::AppState;
use crate::error::Result;

impl AppState {
    /// The vault's members, the owner first.
    pub fn members(&self) -> Result<Vec<MemberView>> {
        self.with_open(|s| Ok(s.members()))
    }

    /// Adds a member with their own password.
    pub fn add_member(
        &self,
        current: Option<Zeroizing<String>>,
        name: String,
        password: Zeroizing<String>,
    ) -> Result<Vec<MemberView>> {
        self.confirm(current)?;
        self.apply(Change::AddMember { name, password })?;
        self.members()
    }

    /// Removes a member: the vault gets a new data key their password does not open.
    pub fn remove_member(
        &self,
        current: Option<Zeroizing<String>>,
        name: String,
    ) -> Result<Vec<MemberView>> {
        self.confirm(current)?;
        self.apply(Change::RemoveMember { name })?;
        self.members()
    }
}
