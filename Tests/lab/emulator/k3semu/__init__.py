"""K3s emulator for the k3smigrate lab: just enough K3s, systemd and OpenRC behaviour to test
migrations against (config merging, unit flags, backends, health, restart ordering)."""
