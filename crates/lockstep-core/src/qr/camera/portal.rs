//! The xdg-desktop-portal Camera interface (ashpd): asks the desktop for access to the camera and
//! opens the PipeWire remote that holds its nodes. This is the way a sandboxed (Flatpak) app
//! reaches the camera, and on a desktop with the portal the person is asked once.

use std::os::fd::OwnedFd;

use ashpd::desktop::camera::Camera;

/// Why the portal gave no camera.
pub enum PortalError {
    /// No portal, or one without the Camera interface (the reason as a sentence).
    Absent(String),
    /// The person (or the desktop's settings) refused access.
    Refused,
    /// The portal answered, and there is no camera.
    NoCamera,
}

/// Access to the camera, then the PipeWire remote with its nodes.
pub fn open_remote() -> Result<OwnedFd, PortalError> {
    async_io::block_on(async {
        let camera = Camera::new()
            .await
            .map_err(|e| PortalError::Absent(e.to_string()))?;
        if !camera
            .is_present()
            .await
            .map_err(|e| PortalError::Absent(e.to_string()))?
        {
            return Err(PortalError::NoCamera);
        }
        let request = camera
            .request_access(Default::default())
            .await
            .map_err(|e| PortalError::Absent(e.to_string()))?;
        request.response().map_err(|e| match e {
            ashpd::Error::Response(_) => PortalError::Refused,
            other => PortalError::Absent(other.to_string()),
        })?;
        camera
            .open_pipe_wire_remote(Default::default())
            .await
            .map_err(|e| PortalError::Absent(e.to_string()))
    })
}
