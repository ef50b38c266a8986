// Placeholder until the daemon process lands.
