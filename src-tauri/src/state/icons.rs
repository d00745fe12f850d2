//! Issuer icons for the window: each row's logo, the picker's search, pictures and Aegis icon
//! packs. Every rule is core's (`lockstep_core::icons`); this keeps the installed packs' icons
//! in memory (read again after an import or removal) and maps results to views.

use std::path::PathBuf;
use std::sync::Arc;

use lockstep_core::icons::{self, pack, Offer, PackIcon};
use serde::Serialize;
use uuid::Uuid;

use super::AppState;
use crate::error::{Error, Result};
use crate::problem::AppProblem;

/// Most icons the picker shows for one search.
const OFFERS: usize = 60;

/// One row's logo: the path the window loads from the `icon:` scheme, or none (letter avatar,
/// or the entry's own picture, which the row shows from its `icon`).
#[derive(Debug, Serialize)]
pub struct LogoView {
    pub id: Uuid,
    pub logo: Option<String>,
}

impl AppState {
    /// The folder of installed icon packs.
    pub fn packs_dir(&self) -> Option<PathBuf> {
        self.0.packs_dir.clone()
    }

    /// The installed packs' icons (read once, and again after a change).
    pub fn pack_icons(&self) -> Arc<Vec<PackIcon>> {
        let mut cache = self.0.pack_icons.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get_or_insert_with(|| {
                Arc::new(
                    self.packs_dir()
                        .map(|d| pack::icons(&d))
                        .unwrap_or_default(),
                )
            })
            .clone()
    }

    fn forget_pack_icons(&self) {
        *self.0.pack_icons.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The logo path of each entry of the open vault, by the core's rule.
    pub fn logos(&self) -> Result<Vec<LogoView>> {
        let packs = self.pack_icons();
        let guard = self.session();
        let s = guard.as_ref().ok_or_else(Error::locked)?;
        Ok(s.entries()
            .iter()
            .map(|e| LogoView {
                id: e.id,
                logo: icons::logo(e, &packs).map(|l| l.path()),
            })
            .collect())
    }

    /// The picker: icons whose name contains `query`, pack icons first.
    pub fn icon_search(&self, query: &str) -> Vec<Offer> {
        let dir = self.packs_dir();
        let names: Vec<(Uuid, String)> = dir
            .as_deref()
            .map(pack::list)
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.uuid, p.name))
            .collect();
        icons::search(query, &self.pack_icons(), &names, OFFERS)
    }

    /// A picture file (PNG or JPEG) as an entry's `icon` value.
    pub fn icon_from_picture(&self, name: &str, bytes: &[u8]) -> Result<String> {
        Ok(icons::picture::from_file(name, bytes)?)
    }

    /// The installed icon packs.
    pub fn icon_packs(&self) -> Vec<pack::PackInfo> {
        self.packs_dir()
            .as_deref()
            .map(pack::list)
            .unwrap_or_default()
    }

    /// Imports an Aegis icon pack (the ZIP's bytes).
    pub fn import_icon_pack(&self, zip: &[u8]) -> Result<pack::PackInfo> {
        let dir = self
            .packs_dir()
            .ok_or_else(|| Error::System(AppProblem::NoPacksFolder.into()))?;
        let info = pack::install(zip, &dir)?;
        self.forget_pack_icons();
        Ok(info)
    }

    /// Removes an installed icon pack.
    pub fn remove_icon_pack(&self, uuid: Uuid) -> Result<Vec<pack::PackInfo>> {
        if let Some(dir) = self.packs_dir() {
            pack::remove(&dir, &uuid)?;
        }
        self.forget_pack_icons();
        Ok(self.icon_packs())
    }
}
