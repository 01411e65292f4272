// An unmodified discord.js 14 bot: answers "!ping X" with "pong X" and logs, one line each, what it sees (for
// failover.sh): <event> <epoch ms> [details]. Usage: node bot.js TOKEN API_BASE (e.g. http://127.0.0.1:8080/api).
const { Client, GatewayIntentBits, Events } = require('discord.js');
const [token, api] = process.argv.slice(2);
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
  rest: { api },
});
const log = (event, ...details) => console.log([event, Date.now(), ...details].join(' '));
client.on(Events.ClientReady, c => log('READY', c.user.id));
client.on(Events.ShardReady, () => log('SHARD_READY'));
client.on(Events.ShardResume, () => log('RESUMED'));
client.on(Events.ShardDisconnect, e => log('DISCONNECT', e.code));
client.on(Events.ShardReconnecting, () => log('RECONNECTING'));
client.on(Events.Error, e => log('ERROR', JSON.stringify(e.message)));
client.on(Events.MessageCreate, async m => {
  log('MESSAGE', m.id, JSON.stringify(m.content));
  if (!m.content.startsWith('!ping ')) return;
  try {
    const reply = await m.channel.send('pong ' + m.content.slice(6));
    log('ANSWERED', reply.id, JSON.stringify(m.content));
  } catch (e) {
    log('ANSWER_FAILED', JSON.stringify(m.content), JSON.stringify(e.message));
  }
});
client.login(token);
