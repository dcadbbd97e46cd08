-- A pinned SHA-512 of wp-cli.phar per provider profile: with it the bootstrap trusts any WP-CLI address for bytes
-- only, so a plain-http address becomes acceptable (DownloadSources.requireWpCliUrl).
ALTER TABLE provider_profile ADD COLUMN wp_cli_sha512 VARCHAR(128);
