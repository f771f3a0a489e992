// Opens an AMQP connection and a confirm channel with the topology declared.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { redactUrl } from '../config.js';
import { declareTopology, type TopologyNames } from './topology.js';

export interface AmqpHandle {
  connection: ChannelModel;
  channel: ConfirmChannel;
  close(): Promise<void>;
}

export async function connectAmqp(url: string, names: TopologyNames, clientName: string): Promise<AmqpHandle> {
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(url, { clientProperties: { connection_name: clientName } });
  } catch (e) {
    throw new Error(`cannot connect to RabbitMQ at ${redactUrl(url)}`, { cause: e });
  }
  const channel = await connection.createConfirmChannel();
  await declareTopology(channel, names);
  return {
    connection,
    channel,
    close: async () => {
      await channel.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}
