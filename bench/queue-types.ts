// Classic priority queue versus quorum queue on the local RabbitMQ node, as the task queues are used:
// persistent messages published in confirmed batches, then consumed by N channels with prefetch 1 and
// a manual ack each (the workers' slots). Prints messages per second for both, and the order in which
// a quorum queue delivers ten priorities (it keeps two). Run with the stack up:
//   set -a; source .local/env; node dist/bench/queue-types.js [messages] [consumers]
import amqp from 'amqplib';

const url = process.env.AMQP_URL;
if (!url) throw new Error('AMQP_URL is not set (source .local/env)');
const N = Number(process.argv[2] ?? 20_000);
const CONSUMERS = Number(process.argv[3] ?? 8);
const BATCH = 500;

const kinds: Record<string, Record<string, unknown>> = {
  classic: { 'x-queue-type': 'classic', 'x-max-priority': 9 },
  quorum: { 'x-queue-type': 'quorum' },
};

async function run(kind: string): Promise<{ publish: number; consume: number; order?: number[] }> {
  const conn = await amqp.connect(url!);
  const ch = await conn.createConfirmChannel();
  const q = `bench.queue-types.${kind}.${process.pid}`;
  await ch.assertQueue(q, { durable: true, arguments: kinds[kind] });
  const body = Buffer.from(JSON.stringify({ v: 1, taskId: '00000000-0000-0000-0000-000000000000', padding: 'x'.repeat(400) }));
  let t = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    for (let j = i; j < Math.min(N, i + BATCH); j++) ch.sendToQueue(q, body, { persistent: true, priority: j % 10 });
    await ch.waitForConfirms();
  }
  const publish = N / ((performance.now() - t) / 1000);

  let got = 0;
  t = performance.now();
  const done = new Promise<void>((resolve) => {
    void (async () => {
      for (let c = 0; c < CONSUMERS; c++) {
        const cc = await conn.createChannel();
        await cc.prefetch(1);
        await cc.consume(q, (m) => {
          if (!m) return;
          cc.ack(m);
          if (++got === N) resolve();
        });
      }
    })();
  });
  await done;
  const consume = N / ((performance.now() - t) / 1000);

  // Delivery order of one message per priority 0-9 published at once, to one consumer.
  const oq = `${q}.order`;
  await ch.assertQueue(oq, { durable: true, arguments: kinds[kind] });
  for (let p = 0; p < 10; p++) ch.sendToQueue(oq, Buffer.from(String(p)), { persistent: true, priority: p });
  await ch.waitForConfirms();
  const order: number[] = [];
  const oc = await conn.createChannel();
  await oc.prefetch(1);
  await new Promise<void>((resolve) => {
    void oc.consume(oq, (m) => {
      if (!m) return;
      order.push(Number(m.content.toString()));
      oc.ack(m);
      if (order.length === 10) resolve();
    });
  });
  await ch.deleteQueue(q);
  await ch.deleteQueue(oq);
  await conn.close();
  return { publish, consume, order };
}

for (const kind of Object.keys(kinds)) {
  const r = await run(kind);
  console.log(
    `${kind.padEnd(8)} publish ${Math.round(r.publish)} msg/s, consume ${Math.round(r.consume)} msg/s (${N} messages, ${CONSUMERS} consumers, prefetch 1); priorities 0-9 delivered as ${r.order?.join(',')}`,
  );
}
