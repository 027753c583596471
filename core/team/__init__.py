"""The team: device keys, the roster of who may do what, and invitations to join."""
