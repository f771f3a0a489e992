// The RabbitMQ topology on a real broker, checked through the management API.
import amqp from 'amqplib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManagementClient } from '../../lib/amqp/management.js';
import { declareTopology, topologyNames } from '../../lib/amqp/topology.js';
import { stackEnv } from '../harness/stack.js';

const prefix = `t.topo-${Date.now().toString(36)}`;
const names = topologyNames(prefix);
let mgmt: ManagementClient;

test.before(async () => {
  const env = await stackEnv();
  mgmt = new ManagementClient(env.RABBITMQ_MANAGEMENT_URL);
});
test.after(async () => {
  for (const q of await mgmt.queues(prefix)) await mgmt.deleteQueue(q.name);
  for (const x of await mgmt.exchanges(prefix)) await mgmt.deleteExchange(x);
});

test('the task queues are durable priority queues (x-max-priority 9) dead-lettering to the dead exchange', async () => {
  const env = await stackEnv();
  const conn = await amqp.connect(env.AMQP_URL);
  const ch = await conn.createChannel();
  await declareTopology(ch, names);
  await declareTopology(ch, names); // idempotent
  await conn.close();
  for (const kind of ['metadata', 'comments'] as const) {
    const q = await mgmt.queue(names.queue[kind]);
    assert.ok(q, `${names.queue[kind]} missing`);
    assert.is(q.durable, true);
    assert.is(q.arguments['x-max-priority'], 9);
    assert.is(q.arguments['x-dead-letter-exchange'], names.deadExchange);
  }
  assert.ok(await mgmt.queue(names.deadQueue));
  const exchanges = await mgmt.exchanges(prefix);
  for (const x of [names.tasksExchange, names.deadExchange, names.controlExchange]) assert.ok(exchanges.includes(x), `${x} missing`);
});

test('a higher-priority message is delivered first', async () => {
  const env = await stackEnv();
  const conn = await amqp.connect(env.AMQP_URL);
  const ch = await conn.createConfirmChannel();
  for (const p of [1, 9, 5]) ch.publish(names.tasksExchange, 'metadata', Buffer.from(String(p)), { priority: p, persistent: true });
  await ch.waitForConfirms();
  const got: string[] = [];
  for (let i = 0; i < 3; i++) {
    const m = await ch.get(names.queue.metadata, { noAck: true });
    if (m) got.push(m.content.toString());
  }
  await conn.close();
  assert.equal(got, ['9', '5', '1']);
});

test('a queue declared earlier with other arguments is reported by name', async () => {
  const env = await stackEnv();
  const conn = await amqp.connect(env.AMQP_URL);
  const other = topologyNames(`${prefix}-x`);
  const ch0 = await conn.createChannel();
  await ch0.assertQueue(other.queue.metadata, { durable: true });
  await ch0.close();
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  try {
    await declareTopology(ch, other);
    assert.unreachable('declared over a conflicting queue');
  } catch (e) {
    assert.match((e as Error).message, new RegExp(`declaring queue ${other.queue.metadata.replace(/\./g, '\\.')} failed`));
  }
  await conn.close().catch(() => undefined);
});

test.run();
