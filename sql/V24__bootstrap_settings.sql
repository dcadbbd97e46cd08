-- Every override the bootstrap scripts take, on the provider profile and on a custom server (BootstrapOverrides,
-- one embeddable on both). Existing rows keep their values: php_version, apt_mirror and wp_cli_sha512 as they are,
-- the one WP-CLI address becomes the first (only) of the list. A profile that had an address without a checksum
-- keeps it; its next bootstrap and its next save ask for the "WP-CLI SHA-512" that now must go with it.
-- An empty php_version on a custom server means "its profile's"; on a profile, the distribution's.
ALTER TABLE provider_profile ALTER COLUMN php_version DROP NOT NULL;
ALTER TABLE provider_profile RENAME COLUMN wp_cli_url TO wp_cli_urls;
ALTER TABLE provider_profile ALTER COLUMN wp_cli_urls SET DATA TYPE VARCHAR(2000);
ALTER TABLE provider_profile ADD COLUMN php_repository_url VARCHAR(512);
ALTER TABLE provider_profile ADD COLUMN php_repository_key_url VARCHAR(512);
ALTER TABLE provider_profile ADD COLUMN php_repository_key_fingerprint VARCHAR(40);
ALTER TABLE provider_profile ADD COLUMN wp_cli_version VARCHAR(16);

ALTER TABLE custom_server ADD COLUMN php_version VARCHAR(16);
ALTER TABLE custom_server ADD COLUMN apt_mirror VARCHAR(255);
ALTER TABLE custom_server ADD COLUMN php_repository_url VARCHAR(512);
ALTER TABLE custom_server ADD COLUMN php_repository_key_url VARCHAR(512);
ALTER TABLE custom_server ADD COLUMN php_repository_key_fingerprint VARCHAR(40);
ALTER TABLE custom_server ADD COLUMN wp_cli_version VARCHAR(16);
ALTER TABLE custom_server ADD COLUMN wp_cli_urls VARCHAR(2000);
ALTER TABLE custom_server ADD COLUMN wp_cli_sha512 VARCHAR(128);
