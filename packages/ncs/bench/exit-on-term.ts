// Preloaded by bench/profile-redis.ts: exit cleanly on SIGTERM so `--cpu-prof` writes its profile.
process.on('SIGTERM', () => process.exit(0));
