-- The server's community language (`preferred_locale` in GUILD_CREATE, GUILD_UPDATE and GET
-- /guilds/{id}; Discord sends it to interactions as `guild_locale`), so that messages Hearth posts
-- outside an interaction, such as level-up announcements, are written in it. NULL until the next
-- GUILD_CREATE or sync sees the guild: readers fall back to English.
ALTER TABLE guilds ADD COLUMN preferred_locale text;
