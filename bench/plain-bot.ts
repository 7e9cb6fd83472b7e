/**
 * The memory baseline: discord.js as a bot usually runs it (default caches) that loads a guild's
 * members with guild.members.fetch(). Prints READY when every guild's members are in.
 */
import { Client, GatewayIntentBits } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages],
  rest: { api: process.env.DISCORD_API_URL ?? '' },
});
client.once('clientReady', async () => {
  for (const guild of client.guilds.cache.values()) await guild.members.fetch();
  console.log(`READY ${client.guilds.cache.reduce((n, g) => n + g.members.cache.size, 0)}`);
});
await client.login(process.env.DISCORD_TOKEN);
