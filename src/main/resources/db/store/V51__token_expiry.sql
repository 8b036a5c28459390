-- An API token may carry an end: from expires_at on it answers 401, like a revoked one.
ALTER TABLE weft_api_tokens ADD COLUMN expires_at TIMESTAMP;
