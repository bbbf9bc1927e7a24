-- The ID token the provider issued at sign-in, kept with the console session so that sign-out can end the session
-- at the provider too (RP-initiated logout: the token is the `id_token_hint`). Deleted with the session row.
ALTER TABLE console_sessions ADD COLUMN id_token text;
