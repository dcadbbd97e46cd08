-- The PHP branch chosen for a server when it was deployed (deploy dialog or the JMS deploy command's phpVersion):
-- its bootstrap installs it. NULL keeps the profile's bootstrap setting, as every server deployed before had.
ALTER TABLE server ADD COLUMN php_version VARCHAR(16);
