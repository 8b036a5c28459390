profile_id, "select", "user", "Mixed", "with space", "1st", "has""quote", "has`tick"
